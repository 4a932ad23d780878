from django import forms
from django.core.exceptions import ValidationError

from .conflicts import describe_conflict, stored_edit_version

REVISION_NOTE_MAX_LENGTH = 200


class EditConflictFormMixin(forms.Form):
    """For the article admin form: carries the edit version the editor started from and
    refuses to save over a later one until they have seen what changed and chosen to merge by
    hand or to overwrite. Everything they typed stays in the form meanwhile.

    Call `is_valid()` inside the saving transaction (the admin does): the article's row stays
    locked from the check to the save."""

    MERGED, OVERWRITE = "merged", "overwrite"

    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    conflict_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    conflict_resolution = forms.ChoiceField(
        label="How to save",
        choices=[
            (MERGED, "I have merged their changes into mine by hand: save the form as it is"),
            (OVERWRITE, "Overwrite their changes with mine"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    revision_note = forms.CharField(
        label="Note for the history",
        max_length=REVISION_NOTE_MAX_LENGTH,
        required=False,
        help_text="What you changed and why, for the article's history (optional).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.edit_conflict = None  # an EditConflict after a refused save
        self.resolved_conflict = None  # (resolution, edit version) of a knowing save
        if self.instance.pk is not None:
            self.fields["based_on_version"].initial = self.instance.edit_version
        for name in ["headline", "standfirst", "body", "revision_note"]:
            if name in self.fields:
                # static/revisions/js/unsaved-text.js keeps these in the browser until saved.
                self.fields[name].widget.attrs["data-unsaved-text"] = name

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        started_from = cleaned.get("based_on_version")
        stored = stored_edit_version(self.instance.pk)
        if stored is None:
            raise ValidationError(
                "This article was deleted while you edited it. Copy your text before leaving.",
                code="deleted",
            )
        if started_from is None:
            raise ValidationError(
                "The form did not say which version of the article you started from, so it "
                "was not saved. Copy your text, reload the article and paste it back.",
                code="no_edit_version",
            )
        if started_from == stored:
            return cleaned
        resolution = cleaned.get("conflict_resolution")
        if resolution and cleaned.get("conflict_version") == stored:
            self.resolved_conflict = (resolution, stored)
            return cleaned
        self.edit_conflict = describe_conflict(
            article_pk=self.instance.pk, started_from=started_from, stored=stored
        )
        # Shown again with the conflict: what it was about, and no choice made yet.
        self.data = self.data.copy()
        self.data[self.add_prefix("conflict_version")] = str(stored)
        self.data[self.add_prefix("conflict_resolution")] = ""
        raise ValidationError(
            "Not saved: %(who)s changed this article after you opened it. Their changes are "
            "shown below and your text is still in the form; choose how to save.",
            code="edit_conflict",
            params={"who": self._who_saved()},
        )

    def _who_saved(self):
        save = self.edit_conflict.latest_save
        if save is None or save.revision.user is None:
            return "someone"
        return save.revision.user.get_full_name() or save.revision.user.get_username()

    def revision_comment(self):
        """The editor's note, and how they settled a conflict, for the revision."""
        parts = [self.cleaned_data.get("revision_note", "").strip()]
        if self.resolved_conflict:
            resolution, version = self.resolved_conflict
            how = "merged by hand" if resolution == self.MERGED else "overwritten knowingly"
            parts.append(f"Saved over the changes of edit {version} ({how}).")
        return " ".join(part for part in parts if part)
