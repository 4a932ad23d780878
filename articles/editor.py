"""The markdownx editor's endpoints: live preview and drag-and-drop image upload.

markdownx's own views accept anonymous uploads and render raw HTML; ours need a logged-in
staff user who may write articles, sanitize the preview like the published body, and check
every upload with Pillow before anything is stored.
"""

from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.views import View

from .body_images import save_body_image
from .images import clean_image_upload
from .markdown import BODY_MAX_LENGTH, render_markdown


class ArticleEditorRequiredMixin(UserPassesTestMixin):
    raise_exception = True  # a 403, not a redirect: these are fetched by the editor's script

    def test_func(self):
        user = self.request.user
        return (
            user.is_active
            and user.is_staff
            and (user.has_perm("articles.add_article") or user.has_perm("articles.change_article"))
        )


class MarkdownPreviewView(ArticleEditorRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        content = request.POST.get("content", "")[:BODY_MAX_LENGTH]
        return HttpResponse(render_markdown(content))


class ImageUploadView(ArticleEditorRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        upload = request.FILES.get("image")
        if upload is None:
            return JsonResponse({"error": "Choose an image to upload."}, status=400)
        try:
            image = clean_image_upload(upload)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        stored_name = save_body_image(image)
        return JsonResponse(
            {"image_code": f"![Describe this image]({default_storage.url(stored_name)})"}
        )
