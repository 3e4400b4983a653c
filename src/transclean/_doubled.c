/* Where a lower-case word may be written twice ("the the"): the repeats pass's prefilter.
 *
 * The same test as the three ASCII patterns in transclean/passes/repeats.py, which are the
 * fallback when this module is not built:
 *
 *     _AT_START, and _AFTER_SPACE / _AFTER_OTHER: a character that may end a word, then
 *     ([a-z]W*+)[ \t]++\1(?![A-Za-z0-9_'])   where W is [A-Za-z0-9_'] or any non-ASCII
 *
 * The regex engine tries them at every space and punctuation mark (~12 ms a megabyte); this
 * loop reads each character once. It returns every position where the test holds, in text
 * order; the pass only needs the lines they fall on.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* W: what the patterns let a word go on with. */
#define IN_WORD(c)                                                                         \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') || \
     (c) == '_' || (c) == '\'' || (c) >= 0x80)

/* What may stand right before the first copy: a space, or any character but an ASCII
   letter or digit, ' or -, DEL, or a control other than \t \n \v \f \r. */
#define MAY_PRECEDE(c)                                                                     \
    ((c) == ' ' ||                                                                         \
     !((c) <= 0x08 || ((c) >= 0x0e && (c) <= 0x1f) || (c) == '\'' || (c) == '-' ||          \
       (c) == 0x7f || ((c) >= '0' && (c) <= '9') || ((c) >= 'A' && (c) <= 'Z') ||           \
       ((c) >= 'a' && (c) <= 'z')))

/* What may not follow the second copy. */
#define ENDS_WORD(c)                                                                       \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= '0' && (c) <= '9') || \
     (c) == '_' || (c) == '\'')

#define DEFINE_SCAN(NAME, CHAR)                                                            \
    static int NAME(const CHAR *s, Py_ssize_t n, PyObject *starts)                         \
    {                                                                                      \
        Py_ssize_t run_end = 0; /* where the W run holding the last start ends */          \
        for (Py_ssize_t i = 0; i < n; i++) {                                               \
            CHAR c = s[i];                                                                 \
            if (c < 'a' || c > 'z' || (i > 0 && !MAY_PRECEDE(s[i - 1])))                   \
                continue;                                                                  \
            if (run_end <= i) {                                                            \
                run_end = i + 1;                                                           \
                while (run_end < n && IN_WORD(s[run_end]))                                 \
                    run_end++;                                                             \
            }                                                                              \
            Py_ssize_t size = run_end - i, k = run_end;                                    \
            while (k < n && (s[k] == ' ' || s[k] == '\t'))                                 \
                k++;                                                                       \
            if (k == run_end || k + size > n)                                              \
                continue;                                                                  \
            if (memcmp(s + i, s + k, (size_t)size * sizeof(CHAR)) != 0)                    \
                continue;                                                                  \
            if (k + size < n && ENDS_WORD(s[k + size]))                                    \
                continue;                                                                  \
            PyObject *start = PyLong_FromSsize_t(i);                                       \
            if (start == NULL)                                                             \
                return -1;                                                                 \
            int failed = PyList_Append(starts, start);                                     \
            Py_DECREF(start);                                                              \
            if (failed)                                                                    \
                return -1;                                                                 \
        }                                                                                  \
        return 0;                                                                          \
    }

DEFINE_SCAN(scan_ucs1, Py_UCS1)
DEFINE_SCAN(scan_ucs2, Py_UCS2)
DEFINE_SCAN(scan_ucs4, Py_UCS4)

static PyObject *
doubled_lower_words(PyObject *module, PyObject *text)
{
    (void)module;
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "doubled_lower_words() takes str, not %.100s",
                     Py_TYPE(text)->tp_name);
        return NULL;
    }
    PyObject *starts = PyList_New(0);
    if (starts == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int failed;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        failed = scan_ucs1(PyUnicode_1BYTE_DATA(text), n, starts);
        break;
    case PyUnicode_2BYTE_KIND:
        failed = scan_ucs2(PyUnicode_2BYTE_DATA(text), n, starts);
        break;
    default:
        failed = scan_ucs4(PyUnicode_4BYTE_DATA(text), n, starts);
        break;
    }
    if (failed) {
        Py_DECREF(starts);
        return NULL;
    }
    return starts;
}

static PyMethodDef methods[] = {
    {"doubled_lower_words", doubled_lower_words, METH_O,
     "doubled_lower_words(text) -> where a lower-case word may be written twice."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_doubled", "The repeats pass's prefilter, read once.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__doubled(void)
{
    return PyModule_Create(&module);
}
