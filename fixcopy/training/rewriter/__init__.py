"""The span rewriter (fixcopy/model/rewriter.py): its examples (targets.py), data and model
(train.py), CTranslate2 export and threshold calibration (export.py) and evaluation
(evaluate.py)."""
