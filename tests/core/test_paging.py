"""Pages of a list: rows a page at a time with the query kept; groups (the rankings) packed whole into pages."""

from django.test import RequestFactory

from core.paging import Part, paginate, paginate_groups


def request(query: str = ""):
    return RequestFactory().get(f"/list/{query}")


def test_a_page_of_rows_keeps_the_query_without_its_page():
    paged = paginate(request("?q=кубань&page=2"), list(range(5)), per_page=2)
    assert list(paged.rows) == [2, 3]
    assert paged.query == "q=%D0%BA%D1%83%D0%B1%D0%B0%D0%BD%D1%8C"


def test_a_page_that_is_not_there_is_the_nearest_one():
    assert paginate(request("?page=abc"), list(range(5)), per_page=2).page.number == 1
    assert list(paginate(request("?page=99"), list(range(5)), per_page=2).rows) == [4]


def test_a_known_count_is_not_counted_again():
    class Rows(list):
        def count(self, *args):  # what Paginator would call on a queryset
            raise AssertionError("counted again")

    paged = paginate(request(), Rows(range(5)), per_page=2, count=5)
    assert paged.page.paginator.num_pages == 3


def test_groups_are_packed_whole_and_a_big_one_has_its_own_page():
    groups = [("a", 3), ("b", 2), ("c", 7), ("d", 1), ("e", 1)]

    pages = [
        [name for name, _ in paginate_groups(request(f"?page={n}"), groups, size=lambda g: g[1], per_page=5).rows]
        for n in (1, 2, 3)
    ]

    assert pages == [["a", "b"], ["c"], ["d", "e"]]
    assert paginate_groups(request(), groups, size=lambda g: g[1], per_page=5).page.paginator.num_pages == 3


def test_no_groups_is_one_empty_page():
    paged = paginate_groups(request(), [], size=len, per_page=5)
    assert list(paged.rows) == []
    assert paged.page.paginator.num_pages == 1


def test_a_group_bigger_than_a_page_is_cut_into_parts_when_the_list_allows_it():
    groups = [("a", 2), ("b", 12), ("c", 1), ("d", 4)]

    def page(n):
        items = paginate_groups(request(f"?page={n}"), groups, size=lambda g: g[1], per_page=5, cut=True).rows
        return [
            (item.group[0], item.start, item.stop, item.rows) if isinstance(item, Part) else item[0] for item in items
        ]

    # "b" starts a page of its own; its last part shares a page with the groups after it while they fit.
    assert [page(n) for n in (1, 2, 3, 4, 5)] == [
        ["a"],
        [("b", 0, 5, 12)],
        [("b", 5, 10, 12)],
        [("b", 10, 12, 12), "c"],
        ["d"],
    ]
    assert Part("b", 0, 5, 12).first
    assert not Part("b", 5, 10, 12).first
    assert paginate_groups(request("?page=9"), groups, size=lambda g: g[1], per_page=5, cut=True).page.number == 5
