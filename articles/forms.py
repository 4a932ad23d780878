from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from .models import Section


class SectionChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # Looked up by slug: anything no slug could be (PostgreSQL refuses NUL in a query)
        # is refused before it reaches the database.
        if value not in self.empty_values and (len(str(value)) > 80 or "\x00" in str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class DateFilterInput(forms.DateInput):
    """A date picker; a value that is not a date is not sent back into it (HTML allows
    only yyyy-mm-dd there), the error beside it says what was wrong."""

    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value):
        formatted = super().format_value(value)
        try:
            date.fromisoformat(formatted or "")
        except ValueError:
            return None
        return formatted


class SearchFiltersForm(forms.Form):
    """The filters beside a search: a section and a range of publication dates, all optional.
    The words themselves are read by `views.search_query()`."""

    section = SectionChoiceField(
        queryset=Section.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All sections",
        error_messages={"invalid_choice": "There is no such section."},
    )
    published_after = forms.DateField(
        label="From",
        required=False,
        widget=DateFilterInput(),
        error_messages={"invalid": "Enter a date such as 2025-03-14."},
    )
    published_before = forms.DateField(
        label="To",
        required=False,
        widget=DateFilterInput(),
        error_messages={"invalid": "Enter a date such as 2025-03-14."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("published_after"), cleaned.get("published_before")
        if start and end and start > end:
            raise ValidationError("The “From” date must not be after the “To” date.", code="order")
        return cleaned

    def filter(self, articles):
        """`articles` within the filters; call only when the form is valid."""
        if self.cleaned_data["section"]:
            articles = articles.filter(section=self.cleaned_data["section"])
        if self.cleaned_data["published_after"]:
            articles = articles.filter(publication_date__gte=self.cleaned_data["published_after"])
        if self.cleaned_data["published_before"]:
            articles = articles.filter(publication_date__lte=self.cleaned_data["published_before"])
        return articles
