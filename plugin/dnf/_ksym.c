// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * _ksym: the dnf plugin's C half. It finds libsolv's pool behind dnf's
 * sack and answers, through libksym, which kernel can load which kmod.
 * Everything dnf-specific (targets, policy, excludes) is in ksym.py.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#include <libdnf/dnf-sack.h>
#include <solv/pool.h>

#include "ksym.h"

/*
 * The head of hawkey's Sack object (libdnf python/hawkey/sack-py.hpp):
 * the Python object header, then the DnfSack pointer. The layout is
 * private to libdnf, so the type name and the GObject type are checked
 * before the pointer is used.
 */
struct hawkey_sack_head {
	PyObject_HEAD
	DnfSack *sack;
};

typedef struct {
	PyObject_HEAD
	PyObject *sack;
	struct ksym_ctx *ctx;
	struct ksym_solver *solver;
} SolverObject;

static bool is_hawkey_sack(PyObject *obj)
{
	for (PyTypeObject *t = Py_TYPE(obj); t; t = t->tp_base)
		if (strcmp(t->tp_name, "_hawkey.Sack") == 0 ||
		    strcmp(t->tp_name, "hawkey.Sack") == 0)
			return true;
	return false;
}

/*
 * The engine needs libsolv's whatprovides index. Built here, libdnf would
 * not know and build it again before its solve (about 150 ms on 50 big
 * kernels), so libdnf's own routine is called when it can be found: it is
 * exported only under its C++ name (dnf-sack-private.hpp). Without it, the
 * index is built by the engine and libdnf's rebuild costs that time.
 */
static void make_provides_ready(DnfSack *sack)
{
	static void (*fn)(DnfSack *);
	static bool looked;
	void *lib;

	if (!looked) {
		looked = true;
		lib = dlopen("libdnf.so.2", RTLD_NOW | RTLD_NOLOAD);
		if (lib)
			*(void **)&fn = dlsym(lib, "_Z28dnf_sack_make_provides_readyP8_DnfSack");
	}
	if (fn)
		fn(sack);
}

static Pool *pool_of_sack(PyObject *obj)
{
	DnfSack *sack;

	if (!is_hawkey_sack(obj)) {
		PyErr_Format(PyExc_TypeError, "expected a hawkey.Sack, not '%s'",
			     Py_TYPE(obj)->tp_name);
		return NULL;
	}
	sack = ((struct hawkey_sack_head *)obj)->sack;
	if (!sack || !DNF_IS_SACK(sack)) {
		PyErr_SetString(PyExc_RuntimeError,
				"the hawkey.Sack holds no DnfSack where expected");
		return NULL;
	}
	make_provides_ready(sack);
	return dnf_sack_get_pool(sack);
}

static PyObject *raise_errno(SolverObject *self, int err, const char *what)
{
	const char *detail = self->ctx ? ksym_ctx_last_error(self->ctx) : "";

	if (err == -ENOMEM)
		return PyErr_NoMemory();
	PyErr_Format(err == -EINVAL ? PyExc_ValueError : PyExc_RuntimeError,
		     "%s: %s", what, *detail ? detail : strerror(-err));
	return NULL;
}

static int ids_from_list(PyObject *seq, int **ret_ids, size_t *ret_n)
{
	PyObject *fast = PySequence_Fast(seq, "expected a sequence of ids");
	Py_ssize_t n;
	int *ids;

	if (!fast)
		return -1;
	n = PySequence_Fast_GET_SIZE(fast);
	ids = PyMem_Malloc(((size_t)n + 1) * sizeof(*ids));
	if (!ids) {
		Py_DECREF(fast);
		PyErr_NoMemory();
		return -1;
	}
	for (Py_ssize_t i = 0; i < n; i++) {
		long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(fast, i));

		if (v == -1 && PyErr_Occurred()) {
			PyMem_Free(ids);
			Py_DECREF(fast);
			return -1;
		}
		ids[i] = (int)v;
	}
	Py_DECREF(fast);
	*ret_ids = ids;
	*ret_n = (size_t)n;
	return 0;
}

static PyObject *list_from_ids(const int *ids, size_t n)
{
	PyObject *list = PyList_New((Py_ssize_t)n);

	for (size_t i = 0; list && i < n; i++) {
		PyObject *v = PyLong_FromLong(ids[i]);

		if (!v) {
			Py_CLEAR(list);
			break;
		}
		PyList_SET_ITEM(list, (Py_ssize_t)i, v);
	}
	return list;
}

static int solver_init(SolverObject *self, PyObject *args, PyObject *kwds)
{
	static char *kwlist[] = { "sack", "visible", "kernels", "kmods", NULL };
	PyObject *sack, *visible = Py_None;
	const char *kernels = "", *kmods = "";
	int *ids = NULL;
	size_t n = 0;
	Pool *pool;
	int err;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|Oss", kwlist, &sack,
					 &visible, &kernels, &kmods))
		return -1;
	pool = pool_of_sack(sack);
	if (!pool)
		return -1;

	self->ctx = ksym_ctx_new();
	if (!self->ctx || ksym_solver_new(self->ctx, pool, &self->solver) < 0) {
		PyErr_NoMemory();
		return -1;
	}
	Py_INCREF(sack);
	self->sack = sack;

	if (ksym_solver_set_names(self->solver, KSYM_ROLE_KERNEL, kernels) < 0 ||
	    ksym_solver_set_names(self->solver, KSYM_ROLE_KMOD, kmods) < 0) {
		PyErr_NoMemory();
		return -1;
	}
	if (visible != Py_None) {
		if (ids_from_list(visible, &ids, &n) < 0)
			return -1;
		err = ksym_solver_set_visible(self->solver, ids, n);
		PyMem_Free(ids);
		if (err < 0) {
			raise_errno(self, err, "cannot set the visible packages");
			return -1;
		}
	}

	err = ksym_solver_classify(self->solver);
	if (err < 0) {
		raise_errno(self, err, "cannot classify packages");
		return -1;
	}
	return 0;
}

static void solver_dealloc(SolverObject *self)
{
	ksym_solver_unref(self->solver);
	ksym_ctx_unref(self->ctx);
	Py_XDECREF(self->sack);
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *solver_list(SolverObject *self, enum ksym_role role)
{
	const int *ids;
	size_t n = ksym_solver_list(self->solver, role, &ids);

	return list_from_ids(ids, n);
}

static PyObject *solver_kernels(SolverObject *self, PyObject *unused)
{
	return solver_list(self, KSYM_ROLE_KERNEL);
}

static PyObject *solver_kmods(SolverObject *self, PyObject *unused)
{
	return solver_list(self, KSYM_ROLE_KMOD);
}

/* Every visible kernel package: the kernels and the parts of split ones. */
static PyObject *solver_kernel_packages(SolverObject *self, PyObject *unused)
{
	const struct s_Pool *pool = ksym_solver_pool(self->solver);
	PyObject *list;

	if (ksym_solver_classify(self->solver) < 0)
		return PyErr_NoMemory();
	list = PyList_New(0);
	for (int id = 2; list && id < pool->nsolvables; id++) {
		PyObject *item;

		if (ksym_solver_role(self->solver, id) != KSYM_ROLE_KERNEL)
			continue;
		item = PyLong_FromLong(id);
		if (!item || PyList_Append(list, item) < 0) {
			Py_XDECREF(item);
			Py_CLEAR(list);
			break;
		}
		Py_DECREF(item);
	}
	return list;
}

static PyObject *solver_kernel_of(SolverObject *self, PyObject *args)
{
	int id;

	if (!PyArg_ParseTuple(args, "i", &id))
		return NULL;
	return PyLong_FromLong(ksym_solver_kernel_of(self->solver, id));
}

static PyObject *solver_loads(SolverObject *self, PyObject *args)
{
	int kmod, kernel, ret;

	if (!PyArg_ParseTuple(args, "ii", &kmod, &kernel))
		return NULL;
	ret = ksym_solver_loads(self->solver, kmod, kernel);
	if (ret < 0)
		return raise_errno(self, ret, "cannot check a kmod");
	return PyBool_FromLong(ret);
}

/* For each kmod, the kernels among the given ones that can load it. */
static PyObject *solver_matrix(SolverObject *self, PyObject *args)
{
	PyObject *kmods_seq, *kernels_seq, *result = NULL;
	int *kmods = NULL, *kernels = NULL, *row = NULL;
	size_t nkmods, nkernels;

	if (!PyArg_ParseTuple(args, "OO", &kmods_seq, &kernels_seq))
		return NULL;
	if (ids_from_list(kmods_seq, &kmods, &nkmods) < 0 ||
	    ids_from_list(kernels_seq, &kernels, &nkernels) < 0)
		goto out;
	row = PyMem_Malloc((nkernels + 1) * sizeof(*row));
	result = row ? PyList_New((Py_ssize_t)nkmods) : PyErr_NoMemory();

	for (size_t i = 0; result && i < nkmods; i++) {
		size_t n = 0;
		PyObject *l;

		for (size_t j = 0; j < nkernels; j++) {
			int ret = ksym_solver_loads(self->solver, kmods[i], kernels[j]);

			if (ret < 0) {
				Py_CLEAR(result);
				raise_errno(self, ret, "cannot check a kmod");
				goto out;
			}
			if (ret)
				row[n++] = kernels[j];
		}
		l = list_from_ids(row, n);
		if (!l) {
			Py_CLEAR(result);
			goto out;
		}
		PyList_SET_ITEM(result, (Py_ssize_t)i, l);
	}
out:
	PyMem_Free(row);
	PyMem_Free(kmods);
	PyMem_Free(kernels);
	return result;
}

static PyObject *unmet_tuple(const struct ksym_verdict *v, size_t i)
{
	const char *dep, *wanted, *offered;
	int by;

	if (ksym_verdict_unmet(v, i, &dep, &wanted, &offered, &by) < 0)
		return NULL;
	if (!offered)
		return Py_BuildValue("(ssOi)", dep, wanted, Py_None, by);
	return Py_BuildValue("(sssi)", dep, wanted, offered, by);
}

/* (loads, [helper ids], [(dep, wanted, offered or None, offered_by)]) */
static PyObject *solver_check(SolverObject *self, PyObject *args)
{
	struct ksym_verdict *v = NULL;
	PyObject *helpers = NULL, *unmet = NULL, *result = NULL;
	const int *ids;
	size_t n;
	int kmod, kernel, ret;

	if (!PyArg_ParseTuple(args, "ii", &kmod, &kernel))
		return NULL;
	ret = ksym_solver_check(self->solver, kmod, kernel, &v);
	if (ret < 0)
		return raise_errno(self, ret, "cannot check a kmod");

	n = ksym_verdict_helpers(v, &ids);
	helpers = list_from_ids(ids, n);
	n = ksym_verdict_unmet_count(v);
	unmet = helpers ? PyList_New((Py_ssize_t)n) : NULL;
	for (size_t i = 0; unmet && i < n; i++) {
		PyObject *t = unmet_tuple(v, i);

		if (!t)
			goto out;
		PyList_SET_ITEM(unmet, (Py_ssize_t)i, t);
	}
	if (unmet)
		result = Py_BuildValue("(OOO)", ksym_verdict_ok(v) ? Py_True : Py_False,
				       helpers, unmet);
out:
	Py_XDECREF(helpers);
	Py_XDECREF(unmet);
	ksym_verdict_unref(v);
	return result;
}

static PyObject *parse_crc(PyObject *mod, PyObject *args)
{
	const char *evr;
	uint32_t crc;

	if (!PyArg_ParseTuple(args, "s", &evr))
		return NULL;
	if (ksym_dep_parse_crc(evr, &crc) < 0)
		Py_RETURN_NONE;
	return PyLong_FromUnsignedLong(crc);
}

/* ("kernel" or "ksym", flavor, symbol) of a dependency name, or None. */
static PyObject *split_dep(PyObject *mod, PyObject *args)
{
	const char *name, *flavor, *sym;
	size_t flen, slen;
	int kind;

	if (!PyArg_ParseTuple(args, "s", &name))
		return NULL;
	kind = ksym_dep_split(name, &flavor, &flen, &sym, &slen);
	if (kind < 0)
		Py_RETURN_NONE;
	return Py_BuildValue("(ss#s#)", kind == KSYM_DEP_KERNEL ? "kernel" : "ksym",
			     flavor, (Py_ssize_t)flen, sym, (Py_ssize_t)slen);
}

static PyMethodDef solver_methods[] = {
	{ "kernels", (PyCFunction)solver_kernels, METH_NOARGS,
	  "ids of the visible kernels" },
	{ "kmods", (PyCFunction)solver_kmods, METH_NOARGS,
	  "ids of the visible kmods" },
	{ "kernel_packages", (PyCFunction)solver_kernel_packages, METH_NOARGS,
	  "ids of the visible kernel packages, parts of split kernels included" },
	{ "kernel_of", (PyCFunction)solver_kernel_of, METH_VARARGS,
	  "kernel_of(id): the kernel a kernel package belongs to, or 0" },
	{ "loads", (PyCFunction)solver_loads, METH_VARARGS,
	  "loads(kmod, kernel): whether the kernel can load the kmod" },
	{ "matrix", (PyCFunction)solver_matrix, METH_VARARGS,
	  "matrix(kmods, kernels): for each kmod, the kernels that load it" },
	{ "check", (PyCFunction)solver_check, METH_VARARGS,
	  "check(kmod, kernel): (loads, helpers, unmet)" },
	{ NULL, NULL, 0, NULL },
};

static PyTypeObject SolverType = {
	PyVarObject_HEAD_INIT(NULL, 0)
	.tp_name = "_ksym.Solver",
	.tp_basicsize = sizeof(SolverObject),
	.tp_flags = Py_TPFLAGS_DEFAULT,
	.tp_doc = "Solver(sack, visible=None, kernels='', kmods='')",
	.tp_new = PyType_GenericNew,
	.tp_init = (initproc)solver_init,
	.tp_dealloc = (destructor)solver_dealloc,
	.tp_methods = solver_methods,
};

static PyMethodDef module_methods[] = {
	{ "parse_crc", parse_crc, METH_VARARGS,
	  "parse_crc(evr): the CRC as an int, or None" },
	{ "split_dep", split_dep, METH_VARARGS,
	  "split_dep(name): (kind, flavor, symbol) or None" },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "_ksym", "libksym for the dnf plugin", -1,
	module_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__ksym(void);
PyMODINIT_FUNC PyInit__ksym(void)
{
	PyObject *m;

	if (PyType_Ready(&SolverType) < 0)
		return NULL;
	m = PyModule_Create(&module);
	if (!m)
		return NULL;
	Py_INCREF(&SolverType);
	if (PyModule_AddObject(m, "Solver", (PyObject *)&SolverType) < 0) {
		Py_DECREF(&SolverType);
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
