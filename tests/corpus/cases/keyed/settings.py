import os

DEBUG = False
ALLOWED_HOSTS = ["admin.example.com"]

OKTA = {
    "ORG_URL": "https://dev-90210.oktapreview.com",
    "API_TOKEN": "00YaUggyuXFMOLf6JWAyhpB9wy0-EXiayjXOO-cve1",
}
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "admin"}}
