"""Demo content: `manage.py load_demo_content` finds the `demo` package of every installed
app (this one first) and calls the functions it defines, each step for all apps before the
next step:

1. build(demo): the app's German content, in app order, except that an app that links to
   another app's content names it in BUILD_AFTER and is built after it;
2. finish(demo): in the same order, once every app has built (links across apps);
3. per language, translate(demo, locale) in app order: shared objects and index pages;
4. then translate_pages(demo, locale) in build order: the pages below them, after the
   pages they link to.

`demo` is a home.demo.content.DemoContent; home/demo/content.py and translations.py hold
the helpers every app's builder uses.
"""

from home.demo.builder import build, finish, translate, translate_pages

__all__ = ["build", "finish", "translate", "translate_pages"]
