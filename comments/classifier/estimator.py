"""The model: scikit-learn's multinomial naive Bayes over the hashed features, updated one
decision at a time with `partial_fit`. Its whole state is two count arrays, which are stored
(NumPy's own format, no pickle, so a stored row cannot run code) and restored exactly; a
decision changed later is unlearned with a negative weight, so the incremental model always
equals one retrained from the current decisions."""

import io

import numpy as np
from sklearn.naive_bayes import MultinomialNB

from .features import N_FEATURES, vectorize

LEGITIMATE, SPAM = 0, 1
CLASSES = np.array([LEGITIMATE, SPAM])
# Smoothing on the scale of one normalized count (each comment adds 1 per block, spread over
# its n-grams); equal priors, since how much of the traffic is spam changes from week to week
# and the thresholds decide what to do with a score.
ALPHA = 0.001


class CorruptModel(ValueError):
    """The stored state is not a model this code can use."""


def new_estimator():
    return MultinomialNB(alpha=ALPHA, fit_prior=False)


def _initialize(estimator):
    """Fit on one empty row so the estimator has its arrays, then clear the counts."""
    empty = vectorize([""], [""])  # no text, no signals: a row of zeros
    estimator.partial_fit(empty, [LEGITIMATE], classes=CLASSES)
    estimator.class_count_[:] = 0


def empty_estimator():
    estimator = new_estimator()
    _initialize(estimator)
    return estimator


def learn(estimator, features, labels, weights):
    """Add (weight 1) or take back (weight -1) examples: `labels` of SPAM or LEGITIMATE."""
    estimator.partial_fit(features, np.asarray(labels), sample_weight=np.asarray(weights, float))
    # Taking back leaves float dust below zero, which the logarithms must not see.
    np.maximum(estimator.feature_count_, 0, out=estimator.feature_count_)
    np.maximum(estimator.class_count_, 0, out=estimator.class_count_)
    _refresh(estimator)


def _refresh(estimator):
    # partial_fit recomputes the log probabilities from the counts; an empty row adds nothing
    # to the features and one to a class count, which is taken off again.
    estimator.partial_fit(vectorize([""], [""]), [LEGITIMATE])
    estimator.class_count_[LEGITIMATE] -= 1


def spam_probability(estimator, features):
    """P(spam) for each feature row."""
    return estimator.predict_proba(features)[:, SPAM]


def dump(estimator):
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        feature_count=estimator.feature_count_.astype(np.float64),
        class_count=estimator.class_count_.astype(np.float64),
    )
    return buffer.getvalue()


def restore(data):
    """The estimator stored by `dump`; raises CorruptModel for anything else."""
    try:
        with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as arrays:
            feature_count = np.array(arrays["feature_count"], dtype=np.float64)
            class_count = np.array(arrays["class_count"], dtype=np.float64)
    except Exception as error:  # any damage to the bytes: zip, npy header, missing arrays
        raise CorruptModel(f"unreadable model state ({error.__class__.__name__})") from error
    if feature_count.shape != (len(CLASSES), N_FEATURES) or class_count.shape != (len(CLASSES),):
        raise CorruptModel(f"model state has shape {feature_count.shape}, not this code's")
    if not (np.isfinite(feature_count).all() and np.isfinite(class_count).all()):
        raise CorruptModel("model state holds non-finite counts")
    if feature_count.min() < 0 or class_count.min() < 0:
        raise CorruptModel("model state holds negative counts")
    estimator = empty_estimator()
    estimator.feature_count_[:] = feature_count
    estimator.class_count_[:] = class_count
    _refresh(estimator)
    return estimator


def copy_of(estimator):
    """An independent copy to update, so a failed save leaves the one in use untouched."""
    other = empty_estimator()
    other.feature_count_[:] = estimator.feature_count_
    other.class_count_[:] = estimator.class_count_
    _refresh(other)
    return other
