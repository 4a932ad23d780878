from django import forms
from django.core.exceptions import ValidationError

from .models import EMAIL_MAX_LENGTH, NewsletterList

# More boxes than any newsroom offers: a longer list is not from our form.
LISTS_MAX = 50


class ListsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def clean(self, value):
        if value and len(value) > LISTS_MAX:
            raise ValidationError("Too many newsletters chosen.", code="too_many")
        if value and not all(
            str(pk).isascii() and str(pk).isdigit() and len(str(pk)) <= 9 for pk in value
        ):
            # Not one of the boxes (and a huge number would overflow the database's integer).
            raise ValidationError("Choose newsletters from the list.", code="invalid_choice")
        return super().clean(value)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=EMAIL_MAX_LENGTH,
        error_messages={"invalid": "Enter an email address such as name@example.org."},
    )
    lists = ListsField(
        label="Newsletters",
        queryset=NewsletterList.objects.none(),
        error_messages={"required": "Choose at least one newsletter."},
    )
    # A honeypot: hidden from people (and from screen readers), filled in by form-filling bots.
    nickname = forms.CharField(label="Leave this empty", required=False, max_length=100)

    def __init__(self, *args, lists=None, **kwargs):
        """`lists`: the offered lists when the caller has them already (one query less)."""
        super().__init__(*args, **kwargs)
        field = self.fields["lists"]
        field.queryset = NewsletterList.objects.offered()
        self.offered = list(field.queryset) if lists is None else lists
        field.choices = [(newsletter.pk, newsletter.name) for newsletter in self.offered]
        if not self.is_bound:
            self.initial.setdefault("lists", [n.pk for n in self.offered if n.is_default])

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("nickname"))


class PreferencesForm(forms.Form):
    lists = ListsField(label="Send me", queryset=NewsletterList.objects.none(), required=False)

    def __init__(self, *args, subscriber, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = NewsletterList.objects.offered()
        if not self.is_bound:
            self.initial["lists"] = list(
                subscriber.memberships.values_list("newsletter_id", flat=True)
            )
