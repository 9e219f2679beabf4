"""Views of the public learning pages: the pages (pages), their files (media), project
workers' "make public" pages (manage) and robots.txt / the sitemap (seo)."""
