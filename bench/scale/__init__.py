"""`manage.py seed_scale`: a national synthetic data set (see bench/scale/run.py)."""
