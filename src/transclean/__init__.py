"""transclean: repair English text damaged by machine translation."""
