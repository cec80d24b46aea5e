"""Project-wide constants: one place for every value more than one file needs."""

#: The GitHub repository the book is published from. Colab links, the install
#: cell of every notebook and the book's repository button derive from it.
REPO_OWNER = "stbda-book"
REPO_NAME = "stbda-book"
REPO_URL = f"https://github.com/{REPO_OWNER}/{REPO_NAME}"
REPO_BRANCH = "main"


def site_url(baseurl: str = "") -> str:
    """The site's address (above the editions), ending in ``/``: ``baseurl`` when set, else GitHub Pages'.

    >>> site_url(), site_url("https://x.org/b")
    ('https://stbda-book.github.io/stbda-book/', 'https://x.org/b/')
    """
    base = baseurl or f"https://{REPO_OWNER.lower()}.github.io/{REPO_NAME}/"
    return base.rstrip("/") + "/"


#: The seed of the lecture's NumPy legacy random stream.
LECTURE_SEED = 43052

#: Languages the book is written in.
LANGUAGES = ("ko", "en")

#: Page width in inches that figures are sized for (the book theme's text column).
PAGE_WIDTH_IN = 7.5

#: TensorFlow versions the book is tested with (lowest, highest), as "major.minor";
#: pyproject.toml's tf extras say the same. setup() names them outside that range.
SUPPORTED_TF = ("2.19", "2.21")
