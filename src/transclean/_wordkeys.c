/* Where a set of keys (case-folded names) stands in a text as whole words, found by
 * hashing the text word by word (transclean.wordkeys, which falls back to an
 * Aho-Corasick automaton where this module is not built).
 *
 * An automaton's scan slows as it grows (its states stop fitting in the caches: 2x from
 * 1.5k to 60k names) and it reports every match inside longer words too. A key can only
 * match from a word start to a place where a word ends (the caller wants whole words), so
 * this loop hashes each word once and asks a bit filter whether any key starts with the
 * words read so far; only then does it look the slice up in a hash table. Its cost is a
 * few nanoseconds a character whatever the number of keys.
 *
 * `build` makes the table from the keys and from the prefixes of keys that end before one
 * of the key's non-word characters ("kryvyi" of "kryvyi rih", "berezan" of "berezan'"): at
 * those the scan reads on. The table is one bytes object (a header, the filter, the slots),
 * built in ~5 ms for 60k keys. Which characters are word characters is the caller's table
 * (transclean.text.is_word_char for every BMP character), so the two ways cannot disagree.
 * A text beyond the BMP (UCS-4) returns None.
 *
 * `find` reads the text through a fold table (a character for every BMP character), as if
 * each character were its fold, so the caller need not make a case-folded copy of the text
 * first (~3.5 ms/MB for `str.lower` and the apostrophes); an identity table reads it as is.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define TABLE_SIZE 0x10000
#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static inline uint64_t
step(uint64_t h, Py_UCS4 c)
{
    return (h ^ (uint64_t)c) * FNV_PRIME;
}

/* The table `build` makes, in one bytes object: a header, the bit filter, the slots. */
typedef struct {
    uint64_t slots;       /* a power of two */
    uint64_t filter_bits; /* a power of two */
    uint64_t entries;     /* the strings it was built from: `find` must be given as many */
} Header;

typedef struct {
    uint64_t hash;
    int32_t entry; /* index into the strings, -1: an empty slot */
    int32_t code;  /* (key index << 1) | 1-if-a-prefix; key index -1: a prefix that is no key */
} Slot;

typedef struct {
    const Header *header;
    const unsigned char *filter;
    const Slot *slots;
} Table;

static int
read_table(Py_buffer *blob, Table *table)
{
    const Header *header = (const Header *)blob->buf;
    if (blob->len < (Py_ssize_t)sizeof(Header) || header->slots == 0 ||
        (header->slots & (header->slots - 1)) || header->filter_bits < 64 ||
        (header->filter_bits & (header->filter_bits - 1)) ||
        (uint64_t)blob->len !=
            sizeof(Header) + header->filter_bits / 8 + header->slots * sizeof(Slot)) {
        PyErr_SetString(PyExc_ValueError, "not a table made by build()");
        return -1;
    }
    table->header = header;
    table->filter = (const unsigned char *)blob->buf + sizeof(Header);
    table->slots = (const Slot *)(table->filter + header->filter_bits / 8);
    return 0;
}

static inline int
in_filter(const Table *table, uint64_t h)
{
    uint64_t mask = table->header->filter_bits - 1;
    uint64_t a = h & mask, b = (h >> 32) & mask;
    return (table->filter[a >> 3] >> (a & 7)) & (table->filter[b >> 3] >> (b & 7)) & 1;
}

/* Does the string equal the `n` characters of kind `kind` at `data`? */
static int
same(PyObject *string, int kind, const void *data, Py_ssize_t n)
{
    if (!PyUnicode_Check(string) || PyUnicode_GET_LENGTH(string) != n)
        return 0;
    int string_kind = PyUnicode_KIND(string);
    const void *string_data = PyUnicode_DATA(string);
    if (string_kind == kind)
        return memcmp(string_data, data, (size_t)n * (size_t)kind) == 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyUnicode_READ(string_kind, string_data, k) != PyUnicode_READ(kind, data, k))
            return 0;
    return 1;
}

/* Does the string equal the folds of the `n` characters of kind `kind` at `data`? */
static int
same_folded(PyObject *string, int kind, const void *data, Py_ssize_t n, const Py_UCS2 *fold)
{
    if (!PyUnicode_Check(string) || PyUnicode_GET_LENGTH(string) != n)
        return 0;
    int string_kind = PyUnicode_KIND(string);
    const void *string_data = PyUnicode_DATA(string);
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyUnicode_READ(string_kind, string_data, k) != fold[PyUnicode_READ(kind, data, k)])
            return 0;
    return 1;
}

/* The slot of the string with hash `h` and characters data[0:n] (folded), or NULL. */
static const Slot *
look_up(const Table *table, PyObject *strings, uint64_t h, int kind, const void *data,
        Py_ssize_t n, const Py_UCS2 *fold)
{
    uint64_t mask = table->header->slots - 1;
    for (uint64_t k = h & mask;; k = (k + 1) & mask) {
        const Slot *slot = &table->slots[k];
        if (slot->entry < 0)
            return NULL;
        if (slot->hash == h &&
            same_folded(PyTuple_GET_ITEM(strings, slot->entry), kind, data, n, fold))
            return slot;
    }
}


/* Append (index, start, end) to `found`. */
static int
append_hit(PyObject *found, long index, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *hit = Py_BuildValue("(lnn)", index, start, end);
    if (hit == NULL)
        return -1;
    int failed = PyList_Append(found, hit);
    Py_DECREF(hit);
    return failed;
}

/* One loop per string kind, so that the compiler sees plain array reads. Every character
   is read through `fold`; word classes are those of the folded character. */
#define DEFINE_SCAN(NAME, CHAR, KIND)                                                      \
    static int NAME(const CHAR *s, Py_ssize_t n, const unsigned char *cls,                 \
                    const Py_UCS2 *fold, const Table *table, PyObject *strings,            \
                    Py_ssize_t longest, PyObject *found)                                   \
    {                                                                                      \
        Py_ssize_t i = 0;                                                                  \
        while (i < n) {                                                                    \
            if (!cls[fold[s[i]]]) {                                                        \
                i++;                                                                       \
                continue;                                                                  \
            }                                                                              \
            /* A word starts at i. Read on to each place where a word ends; there, ask     \
               the filter and the table whether text[i:j] is a key or starts one. */       \
            Py_ssize_t limit = n - i < longest ? n : i + longest;                          \
            Py_ssize_t j = i;                                                              \
            uint64_t h = FNV_OFFSET;                                                       \
            for (;;) {                                                                     \
                while (j < limit && cls[fold[s[j]]]) {                                     \
                    h = step(h, fold[s[j]]);                                               \
                    j++;                                                                   \
                }                                                                          \
                if ((j < n && cls[fold[s[j]]]) || !in_filter(table, h))                    \
                    break; /* longer than any key, or no key starts so */                  \
                const Slot *slot = look_up(table, strings, h, KIND, s + i, j - i, fold);   \
                if (slot == NULL)                                                          \
                    break; /* the filter's false alarm */                                  \
                if (slot->code >= 0 && append_hit(found, slot->code >> 1, i, j))           \
                    return -1;                                                             \
                if (!(slot->code & 1) || j >= limit)                                       \
                    break;                                                                 \
                /* A key goes on past this word: read its non-word character too. */       \
                h = step(h, fold[s[j]]);                                                   \
                j++;                                                                       \
            }                                                                              \
            /* The next word starts after this one. */                                     \
            i++;                                                                           \
            while (i < n && cls[fold[s[i]]])                                               \
                i++;                                                                       \
        }                                                                                  \
        return 0;                                                                          \
    }

DEFINE_SCAN(scan_ucs1, Py_UCS1, PyUnicode_1BYTE_KIND)
DEFINE_SCAN(scan_ucs2, Py_UCS2, PyUnicode_2BYTE_KIND)

static PyObject *
find(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *text, *strings;
    Py_buffer blob, classes, folds;
    Py_ssize_t longest;
    if (!PyArg_ParseTuple(args, "Uy*O!y*ny*:find", &text, &blob, &PyTuple_Type, &strings,
                          &classes, &longest, &folds))
        return NULL;
    PyObject *found = NULL;
    Table table;
    if (classes.len != TABLE_SIZE) {
        PyErr_Format(PyExc_ValueError, "the class table must hold %d bytes, not %zd",
                     TABLE_SIZE, classes.len);
        goto done;
    }
    if (folds.len != TABLE_SIZE * (Py_ssize_t)sizeof(Py_UCS2)) {
        PyErr_Format(PyExc_ValueError, "the fold table must hold %d bytes, not %zd",
                     TABLE_SIZE * (int)sizeof(Py_UCS2), folds.len);
        goto done;
    }
    const Py_UCS2 *fold = (const Py_UCS2 *)folds.buf;
    if (read_table(&blob, &table))
        goto done;
    if ((uint64_t)PyTuple_GET_SIZE(strings) != table.header->entries) {
        PyErr_Format(PyExc_ValueError, "the table was built from %llu strings, not %zd",
                     (unsigned long long)table.header->entries, PyTuple_GET_SIZE(strings));
        goto done;
    }
    int kind = PyUnicode_KIND(text);
    if (kind == PyUnicode_4BYTE_KIND) {
        found = Py_NewRef(Py_None);
        goto done;
    }
    found = PyList_New(0);
    if (found == NULL)
        goto done;
    const unsigned char *cls = (const unsigned char *)classes.buf;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int failed;
    if (kind == PyUnicode_1BYTE_KIND)
        failed = scan_ucs1(PyUnicode_1BYTE_DATA(text), n, cls, fold, &table, strings, longest,
                           found);
    else
        failed = scan_ucs2(PyUnicode_2BYTE_DATA(text), n, cls, fold, &table, strings, longest,
                           found);
    if (failed)
        Py_CLEAR(found);
done:
    PyBuffer_Release(&blob);
    PyBuffer_Release(&classes);
    PyBuffer_Release(&folds);
    return found;
}

static uint64_t
hash_of(PyObject *string)
{
    int kind = PyUnicode_KIND(string);
    const void *data = PyUnicode_DATA(string);
    uint64_t h = FNV_OFFSET;
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(string); k++)
        h = step(h, PyUnicode_READ(kind, data, k));
    return h;
}

static PyObject *
build(PyObject *module, PyObject *args)
{
    (void)module;
    PyObject *strings;
    Py_ssize_t keys;
    if (!PyArg_ParseTuple(args, "O!n:build", &PyTuple_Type, &strings, &keys))
        return NULL;
    Py_ssize_t count = PyTuple_GET_SIZE(strings);
    if (keys < 0 || keys > count || count >= INT32_MAX / 4) {
        PyErr_SetString(PyExc_ValueError, "build() needs 0 <= keys <= len(strings) < 2**29");
        return NULL;
    }
    for (Py_ssize_t k = 0; k < count; k++)
        if (!PyUnicode_Check(PyTuple_GET_ITEM(strings, k))) {
            PyErr_SetString(PyExc_TypeError, "build() takes a tuple of strings");
            return NULL;
        }
    uint64_t slots = 16, filter_bits = 1024;
    while (slots < (uint64_t)count * 2)
        slots <<= 1;
    while (filter_bits < (uint64_t)count * 16) /* ~16 bits an entry, two set: ~1.4% false */
        filter_bits <<= 1;
    Py_ssize_t size = (Py_ssize_t)(sizeof(Header) + filter_bits / 8 + slots * sizeof(Slot));
    PyObject *blob = PyBytes_FromStringAndSize(NULL, size);
    if (blob == NULL)
        return NULL;
    char *buf = PyBytes_AS_STRING(blob);
    memset(buf, 0, (size_t)size);
    Header *header = (Header *)buf;
    header->slots = slots;
    header->filter_bits = filter_bits;
    header->entries = (uint64_t)count;
    unsigned char *filter = (unsigned char *)buf + sizeof(Header);
    Slot *table = (Slot *)(filter + filter_bits / 8);
    for (uint64_t k = 0; k < slots; k++)
        table[k].entry = -1;
    /* The keys, then the prefixes: a prefix that is also a key marks the key's slot. */
    for (Py_ssize_t e = 0; e < count; e++) {
        PyObject *string = PyTuple_GET_ITEM(strings, e);
        uint64_t h = hash_of(string);
        uint64_t k = h & (slots - 1);
        int merged = 0;
        for (; table[k].entry >= 0; k = (k + 1) & (slots - 1)) {
            PyObject *other = PyTuple_GET_ITEM(strings, table[k].entry);
            if (table[k].hash == h &&
                same(other, PyUnicode_KIND(string), PyUnicode_DATA(string),
                     PyUnicode_GET_LENGTH(string))) {
                if (e < keys) {
                    Py_DECREF(blob);
                    PyErr_Format(PyExc_ValueError, "the key %R is given twice", string);
                    return NULL;
                }
                table[k].code |= 1;
                merged = 1;
                break;
            }
        }
        if (merged)
            continue;
        table[k].hash = h;
        table[k].entry = (int32_t)e;
        table[k].code = e < keys ? (int32_t)(e << 1) : -1;
        uint64_t a = h & (filter_bits - 1), b = (h >> 32) & (filter_bits - 1);
        filter[a >> 3] |= (unsigned char)(1 << (a & 7));
        filter[b >> 3] |= (unsigned char)(1 << (b & 7));
    }
    return blob;
}

static PyMethodDef methods[] = {
    {"find", find, METH_VARARGS,
     "find(text, table, strings, classes, longest, folds) -> [(index, start, end)], or "
     "None for a UCS-4 text."},
    {"build", build, METH_VARARGS,
     "build(strings, keys) -> the table `find` reads: strings[:keys] are the keys, the rest "
     "prefixes of keys."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_wordkeys", "Keys found at word boundaries by hashing.", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC
PyInit__wordkeys(void)
{
    return PyModule_Create(&module);
}
