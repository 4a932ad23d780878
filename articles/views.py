import re
from datetime import date

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from .forms import SearchFiltersForm
from .models import Article, Author, Correction, Section, Tag
from .redirects import query_string_redirect

SECTION_BLOCK_SIZE = 4
CORRECTIONS_PER_PAGE = 20
SEARCH_MAX_LENGTH = 100
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def search_query(raw):
    """The reader's search as single-spaced words. Control characters count as spaces:
    none is in an article, and PostgreSQL refuses NUL in any text it is sent."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())[:SEARCH_MAX_LENGTH]


class ArticleListMixin:
    """Shared by every public list of articles: published only, newest first, paginated."""

    model = Article
    paginate_by = settings.ARTICLES_PER_PAGE
    date_field = "first_published_at"
    allow_empty = True

    def published_articles(self):
        return Article.objects.published().for_listing().latest_first()

    def get_queryset(self):
        return self.published_articles()


class HomeView(ArticleListMixin, ListView):
    template_name = "articles/home.html"

    def get(self, request, *args, **kwargs):
        # Old WordPress addresses such as /?p=123 land here; plain visits pay nothing.
        return query_string_redirect(request) or super().get(request, *args, **kwargs)

    @cached_property
    def lead(self):
        published = self.published_articles()
        return published.filter(is_lead=True).first() or published.first()

    def get_queryset(self):
        queryset = self.published_articles()
        return queryset.exclude(pk=self.lead.pk) if self.lead else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            # list() fills the page's own result cache, which the template then reuses;
            # slicing the queryset would run the page query (and its prefetch) again.
            shown = {article.pk for article in list(context["article_list"])[:6]}
            if self.lead:
                shown.add(self.lead.pk)
            # The first sections (in their editorial order) with something published: the
            # page stays the same size however many sections the newsroom opens.
            sections = list(
                Section.objects.with_published_articles()[: settings.HOME_SECTION_BLOCKS]
            )
            latest = self.published_articles().latest_per_section(
                SECTION_BLOCK_SIZE, sections=sections, exclude=list(shown)
            )
            by_section = {section.pk: [] for section in sections}
            for article in latest:
                by_section[article.section_id].append(article)
            for section in sections:
                section.latest_articles = by_section[section.pk]
            context["lead"] = self.lead
            context["section_blocks"] = sections
        return context


class ArticlesOfView(ArticleListMixin, ListView):
    """The published articles of one section, tag or author, found by its slug."""

    lookup_model = None  # Section, Tag or Author
    article_field = None  # the Article field that points to it
    owner_context_name = None

    def get_queryset(self):
        self.owner = get_object_or_404(self.lookup_model, slug=self.kwargs["slug"])
        return self.published_articles().filter(**{self.article_field: self.owner})

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.owner_context_name: self.owner}, **kwargs)


class SectionView(ArticlesOfView):
    template_name = "articles/section.html"
    lookup_model, article_field, owner_context_name = Section, "section", "section"


class TagView(ArticlesOfView):
    template_name = "articles/tag.html"
    lookup_model, article_field, owner_context_name = Tag, "tags", "tag"


class AuthorView(ArticlesOfView):
    template_name = "articles/author.html"
    lookup_model, article_field, owner_context_name = Author, "authors", "author"


class SearchView(ArticleListMixin, ListView):
    """Articles ranked by how well they match the reader's words, with a snippet each,
    filtered by section and publication dates."""

    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = search_query(self.request.GET.get("q", ""))
        self.filters = SearchFiltersForm(self.request.GET)
        if not self.filters.is_valid():
            return Article.objects.none()
        return self.filters.filter(Article.objects.all()).search(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, filters=self.filters, **kwargs)
        # list() fills the page's result cache, which the template then reuses.
        articles = list(context["article_list"])
        snippets = Article.objects.search_snippets(articles, self.query)
        for article in articles:
            article.search_snippet = snippets.get(article.pk, "")
        return context


class CorrectionListView(ListView):
    """Every public correction and update note, newest first, paginated."""

    template_name = "articles/corrections.html"
    paginate_by = CORRECTIONS_PER_PAGE
    allow_empty = True

    def get_queryset(self):
        return Correction.objects.public().select_related("article__section").newest_first()


class ArchiveYearView(ArticleListMixin, YearArchiveView):
    template_name = "articles/archive_year.html"
    make_object_list = True


class ArchiveMonthView(ArticleListMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"
    month_format = "%m"


class ArchiveDayView(ArticleListMixin, DayArchiveView):
    template_name = "articles/archive_day.html"
    month_format = "%m"

    def get_dated_items(self):
        try:
            return super().get_dated_items()
        except OverflowError:  # 9999/12/31: Django bounds a day by the next, past date.max
            raise Http404("No such date") from None


class ArticleDetailView(DetailView):
    """An article at /<yyyy>/<mm>/<dd>/<slug>/; anything not public is a 404."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("section")
            .prefetch_related("authors", "tags", "corrections")
        )

    def get_object(self, queryset=None):
        try:
            day = date(int(self.kwargs["year"]), int(self.kwargs["month"]), int(self.kwargs["day"]))
        except (ValueError, OverflowError):  # e.g. 2026/02/30, or a year too big for a C long
            raise Http404("No such date") from None
        return get_object_or_404(
            self.get_queryset(), publication_date=day, slug=self.kwargs["slug"]
        )


@method_decorator(staff_member_required, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """Staff see drafts and scheduled articles as readers will, before they go live."""

    def get_queryset(self):
        queryset = Article.objects.select_related("section").prefetch_related(
            "authors", "tags", "corrections"
        )
        return queryset.editable_by(self.request.user)

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)
