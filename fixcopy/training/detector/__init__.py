"""The token-tagging detector (fixcopy/model/detector.py): training (train.py, with real MT
errors from realmt.py and initial weights from ct2_import.py), export (export.py) and
evaluation (metrics.py, evaluate.py)."""
