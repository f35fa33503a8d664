"""Every public object has a docstring, and help() is useful."""

import inspect
import pydoc

import nutgraf
import nutgraf._nutgraf
import nutgraf.pandas
import nutgraf.polars
import nutgraf.spark

MODULES = [nutgraf, nutgraf.pandas, nutgraf.polars, nutgraf.spark, nutgraf._nutgraf]


def public_objects():
    for mod in MODULES:
        yield mod.__name__, mod
        names = getattr(mod, "__all__", None) or [n for n in dir(mod) if not n.startswith("_")]
        for name in names:
            obj = getattr(mod, name)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            yield f"{mod.__name__}.{name}", obj
            if inspect.isclass(obj) and not issubclass(obj, BaseException):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") and attr not in ("__init__", "__call__"):
                        continue
                    if attr == "__init__" and obj.__init__ is object.__init__:
                        continue
                    if callable(member) or isinstance(member, (property, classmethod)):
                        yield f"{mod.__name__}.{name}.{attr}", getattr(obj, attr)


def test_every_public_object_has_a_docstring():
    missing = []
    for name, obj in public_objects():
        doc = inspect.getdoc(obj)
        if not doc or not doc.strip():
            missing.append(name)
    assert not missing, f"no docstring: {missing}"


def test_every_exception_has_its_own_docstring():
    for name in nutgraf.__all__:
        obj = getattr(nutgraf, name)
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            assert obj.__doc__ and obj.__doc__ != Exception.__doc__, name


def test_help_shows_options_and_methods():
    text = pydoc.render_doc(nutgraf.Analyzer, renderer=pydoc.plaintext)
    for word in ("summary_sentences", "pipe", "analyze_html", "errors", "threads"):
        assert word in text
