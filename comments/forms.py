from django import forms

from articles.caching import hole_filler

from .conf import conf
from .models import Comment, CommentFlag
from .moderation import validate_removal
from .services import Client, Submission
from .text import clean_comment_name, clean_comment_text
from .tokens import form_token, form_token_age

# The form's signed timestamp is a hole of cached article pages, filled for each reader with
# the time they were served (articles/caching.py).
FORM_TIMESTAMP_HOLE = "comments.form-timestamp"


@hole_filler(FORM_TIMESTAMP_HOLE)
def form_timestamp(request, article_id):
    return form_token(article_id)


class CommentForm(forms.Form):
    """The reader's comment form. Status, IP and user are set by the service, never here.

    Signed-in readers post under their account: name and email are not asked for.
    """

    name = forms.CharField(label="Name", max_length=80, help_text="Shown with your comment.")
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="Never shown. We send one link to confirm it.",
    )
    text = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
        help_text="Plain text. Blank lines start new paragraphs; links are allowed.",
    )
    notify_replies = forms.BooleanField(label="Email me when someone replies", required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    timestamp = forms.CharField(widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and from assistive technology by aria-hidden on
    # its wrapper; bots that fill in every field give themselves away.
    website = forms.CharField(label="Leave this field empty", required=False)

    def __init__(self, *args, article, user=None, **kwargs):
        self.article = article
        self.user = user if user is not None and user.is_authenticated else None
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text += f" At most {conf.MAX_LENGTH:,} characters."
        if self.user is not None:
            del self.fields["name"]
            del self.fields["email"]
        if not self.is_bound:
            self.initial["timestamp"] = form_token(article.pk)
        self.seconds_to_post = None

    def clean_text(self):
        return clean_comment_text(self.cleaned_data["text"])

    def clean_name(self):
        return clean_comment_name(self.cleaned_data["name"])

    def clean_timestamp(self):
        age = form_token_age(self.cleaned_data["timestamp"], self.article.pk)
        if age is None or age > conf.FORM_MAX_AGE:
            raise forms.ValidationError(
                "This form has expired or was changed. Please post again from this page.",
                code="stale_form",
            )
        self.seconds_to_post = age
        return self.cleaned_data["timestamp"]

    def renew_timestamp(self):
        """A re-rendered form gets a fresh timestamp, so a stale one can be posted again."""
        self.data = self.data.copy()
        self.data["timestamp"] = form_token(self.article.pk)

    def clean_parent(self):
        """The comment replied to, or None; the service checks it belongs to the article and
        is public."""
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.select_related("parent").filter(pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(
                "The comment you are replying to is not available.", code="invalid_parent"
            )
        return parent

    def submission(self):
        """The cleaned comment, for `comment_create` (call after `is_valid()`)."""
        data = self.cleaned_data
        return Submission(
            text=data["text"],
            name=data.get("name", ""),
            email=data.get("email", ""),
            parent=data["parent"],
            notify_replies=data["notify_replies"],
        )

    def client(self, *, ip_address):
        """What the spam checks learn from this post: its address, the honeypot, the timing."""
        return Client(
            ip_address=ip_address,
            honeypot=self.cleaned_data["website"],
            seconds_to_post=self.seconds_to_post,
        )


class RemovalForm(forms.Form):
    """The reason a moderator gives for removing comments (admin action)."""

    reason = forms.ChoiceField(
        label="Reason", choices=Comment.RemovalReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note", max_length=300, required=False, help_text="Required for “Other”."
    )

    def clean(self):
        cleaned = super().clean()
        if "reason" in cleaned:
            try:
                validate_removal(reason=cleaned["reason"], note=cleaned.get("note", ""))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


class CommentRemovalForm(RemovalForm):
    """RemovalForm on one comment's admin page: a select that starts with no reason chosen."""

    reason = forms.ChoiceField(
        label="Reason",
        choices=[("", "Choose a reason…"), *Comment.RemovalReason.choices],
        error_messages={
            "required": "Choose a reason for the removal.",
            "invalid_choice": "Choose a reason from the list.",
        },
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=CommentFlag.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Anything moderators should know (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
