"""The WSGI application of the live test server (tests/live_server.py): the site as in
production, plus its static and media files, which production leaves to the web server
in front of it."""

from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.wsgi import get_wsgi_application
from django.views import static


class MediaFilesHandler(StaticFilesHandler):
    """Serves MEDIA_URL from MEDIA_ROOT (uploaded images and their renditions)."""

    def get_base_url(self):
        return settings.MEDIA_URL

    def serve(self, request):
        path = self.file_path(request.path)
        return static.serve(request, path, document_root=settings.MEDIA_ROOT)


application = MediaFilesHandler(StaticFilesHandler(get_wsgi_application()))
