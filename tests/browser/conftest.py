import pytest


@pytest.fixture(scope="session")
def tour(browser, served_site, executed_site):
    """Every page of the built site (with its run outputs), measured once per view: tests/browser/tour.py.
    (It starts browsers of its own, two at once; `browser` makes it a browser test.)"""
    from tests.browser.tour import take_tour
    return take_tour(served_site)
