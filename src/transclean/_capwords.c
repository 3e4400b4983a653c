/* The capitalised words of a text and where they start, as the `regex` pattern
 *
 *     \b\p{Lu}\w*(?:-(?:\w+-)?\p{Lu}\w*)*
 *
 * finds them (transclean.capwords.CAPITALISED, which is also the fallback when this module
 * is not built). A regex engine tries the pattern at every character, ~8 ns each; this loop
 * reads each character once, ~1 ns. Which characters are \w and \p{Lu} is not decided here:
 * the caller passes a table made with the same `regex` classes for every BMP character, so
 * the two ways cannot disagree. A text with characters beyond the BMP (UCS-4) returns None
 * and is left to the regex.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define WORD 1
#define UPPER 2
#define TABLE_SIZE 0x10000

/* One loop per string kind, so that the compiler sees plain array reads. */
#define DEFINE_SCAN(NAME, CHAR)                                                            \
    static int NAME(PyObject *text, const CHAR *s, Py_ssize_t n, const unsigned char *cls, \
                    PyObject *words, PyObject *starts)                                     \
    {                                                                                      \
        Py_ssize_t i = 0;                                                                  \
        int after_word = 0;                                                                \
        while (i < n) {                                                                    \
            unsigned char c = cls[s[i]];                                                   \
            if (!(c & UPPER) || after_word) {                                              \
                after_word = c & WORD;                                                     \
                i++;                                                                       \
                continue;                                                                  \
            }                                                                              \
            Py_ssize_t j = i + 1;                                                          \
            while (j < n && (cls[s[j]] & WORD))                                            \
                j++;                                                                       \
            /* Hyphen groups: "-Word-Word" first (the optional group is greedy), then       \
               "-Word"; a group that does not fit ends the word. */                        \
            while (j + 1 < n && s[j] == '-') {                                             \
                Py_ssize_t k = j + 1, m = j + 1;                                           \
                while (m < n && (cls[s[m]] & WORD))                                        \
                    m++;                                                                   \
                if (m > k && m + 1 < n && s[m] == '-' && (cls[s[m + 1]] & UPPER))          \
                    j = m + 2;                                                             \
                else if (cls[s[k]] & UPPER)                                                \
                    j = k + 1;                                                             \
                else                                                                       \
                    break;                                                                 \
                while (j < n && (cls[s[j]] & WORD))                                        \
                    j++;                                                                   \
            }                                                                              \
            PyObject *word = PyUnicode_Substring(text, i, j);                              \
            if (word == NULL)                                                              \
                return -1;                                                                 \
            int failed = PyList_Append(words, word);                                       \
            Py_DECREF(word);                                                               \
            if (failed)                                                                    \
                return -1;                                                                 \
            PyObject *start = PyLong_FromSsize_t(i);                                       \
            if (start == NULL)                                                             \
                return -1;                                                                 \
            failed = PyList_Append(starts, start);                                         \
            Py_DECREF(start);                                                              \
            if (failed)                                                                    \
                return -1;                                                                 \
            /* The word ends before a character that is not \w: the search goes on there. */ \
            after_word = 1;                                                                \
            i = j;                                                                         \
        }                                                                                  \
        return 0;                                                                          \
    }

DEFINE_SCAN(scan_ucs1, Py_UCS1)
DEFINE_SCAN(scan_ucs2, Py_UCS2)

static PyObject *
capitalised_words(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *text;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*:capitalised_words", &text, &table))
        return NULL;
    if (table.len != TABLE_SIZE) {
        PyBuffer_Release(&table);
        PyErr_Format(PyExc_ValueError, "the class table must hold %d bytes, not %zd",
                     TABLE_SIZE, table.len);
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    if (kind == PyUnicode_4BYTE_KIND) {
        PyBuffer_Release(&table);
        Py_RETURN_NONE;
    }
    PyObject *words = PyList_New(0);
    PyObject *starts = PyList_New(0);
    int failed = words == NULL || starts == NULL;
    if (!failed) {
        const unsigned char *cls = (const unsigned char *)table.buf;
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        if (kind == PyUnicode_1BYTE_KIND)
            failed = scan_ucs1(text, PyUnicode_1BYTE_DATA(text), n, cls, words, starts);
        else
            failed = scan_ucs2(text, PyUnicode_2BYTE_DATA(text), n, cls, words, starts);
    }
    PyBuffer_Release(&table);
    if (failed) {
        Py_XDECREF(words);
        Py_XDECREF(starts);
        return NULL;
    }
    return Py_BuildValue("(NN)", words, starts);
}

static PyMethodDef methods[] = {
    {"capitalised_words", capitalised_words, METH_VARARGS,
     "capitalised_words(text, table) -> (words, starts), or None for a UCS-4 text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_capwords", "Capitalised words of a text, read once.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__capwords(void)
{
    return PyModule_Create(&module);
}
