"""The model: a logistic regression over the hashed features (scikit-learn's SGDClassifier
with the log loss), learned one decision at a time with `partial_fit` and averaged (ASGD), so
its scores are probabilities a threshold can be set on and one pass over the decisions learns
about as much as many. Its whole state is a few arrays, stored in NumPy's own format (no
pickle, so a stored row cannot run code) and restored exactly: learning goes on from where it
stopped, in any worker.

A decision changed later (approved, then marked as spam) is learned again with its new label;
the old one cannot be taken out of a gradient-trained model, so `train_spam_classifier`
(daily, see the README) retrains from the current decisions, in the order they were made,
which is what the model would be had each been right the first time.

Why not naive Bayes, which learns and unlearns exactly: on a real public corpus its
probabilities drifted with the number of decisions (the score that held 2% of legitimate
comments moved from 0.5 to 0.9), so no threshold held; this model's stayed put
(`make moderation-eval`)."""

import io

import numpy as np
from sklearn.linear_model import SGDClassifier

from .features import N_FEATURES, vectorize

LEGITIMATE, SPAM = 0, 1
CLASSES = np.array([LEGITIMATE, SPAM])
# Regularization of the log loss; equal weight for both kinds of decision, since how much of
# the traffic is spam changes from week to week and the thresholds decide what to do with it.
ALPHA = 1e-4
# The features a stored state was learned over (features.py) and how it is stored; a state of
# another format is unusable, and `train_spam_classifier` trains again from the decisions.
STATE_FORMAT = 2
STATE_ARRAYS = ("standard_coef", "standard_intercept", "average_coef", "average_intercept")


class CorruptModel(ValueError):
    """The stored state is not a model this code can use."""


class SpamEstimator:
    """The regression and the number of decisions of each kind it has learned."""

    def __init__(self):
        # In decision order (no shuffle): learning in any number of updates gives the same
        # model as one retrain over the same decisions.
        self.regression = SGDClassifier(
            loss="log_loss", alpha=ALPHA, average=True, shuffle=False, random_state=0
        )
        self.examples = np.zeros(len(CLASSES))
        # Fit on one empty row so the regression has its arrays, then start them from zero.
        self.regression.partial_fit(vectorize([""], [""]), [LEGITIMATE], classes=CLASSES)
        self._set_state(
            standard_coef=np.zeros((1, N_FEATURES)),
            standard_intercept=np.zeros(1),
            average_coef=np.zeros(N_FEATURES),
            average_intercept=np.zeros(1),
            t=1.0,
        )

    @property
    def spam_examples(self):
        return round(self.examples[SPAM])

    @property
    def legitimate_examples(self):
        return round(self.examples[LEGITIMATE])

    def _set_state(self, *, standard_coef, standard_intercept, average_coef, average_intercept, t):
        regression = self.regression
        regression._standard_coef = np.ascontiguousarray(standard_coef, dtype=np.float64)
        regression._standard_intercept = np.ascontiguousarray(standard_intercept, dtype=np.float64)
        regression._average_coef = np.ascontiguousarray(average_coef, dtype=np.float64)
        regression._average_intercept = np.ascontiguousarray(average_intercept, dtype=np.float64)
        regression.t_ = float(t)
        # What predictions use: the average once there is one, as partial_fit leaves it.
        if t > 1:
            regression.coef_ = regression._average_coef.reshape(1, -1)
            regression.intercept_ = regression._average_intercept
        else:
            regression.coef_ = regression._standard_coef
            regression.intercept_ = regression._standard_intercept

    def _state(self):
        regression = self.regression
        return {
            "standard_coef": regression._standard_coef,
            "standard_intercept": regression._standard_intercept,
            "average_coef": regression._average_coef,
            "average_intercept": regression._average_intercept,
            "t": regression.t_,
        }

    def word_weights(self, columns):
        """How much each feature column pushes a score towards spam (negative: legitimate)."""
        return self.regression.coef_[0, columns]


def empty_estimator():
    return SpamEstimator()


def learn(estimator, features, labels, weights):
    """Learn examples (weight 1): `labels` of SPAM or LEGITIMATE. A negative weight takes a
    decision back from the counts only (see the module's docstring)."""
    labels, weights = np.asarray(labels), np.asarray(weights, dtype=float)
    for label, weight in zip(labels, weights, strict=True):
        estimator.examples[label] = max(0.0, estimator.examples[label] + np.sign(weight))
    learned = weights > 0
    if learned.any():
        estimator.regression.partial_fit(
            features[learned], labels[learned], sample_weight=weights[learned]
        )


def spam_probability(estimator, features):
    """P(spam) for each feature row."""
    return estimator.regression.predict_proba(features)[:, SPAM]


def dump(estimator):
    state = estimator._state()
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        **{name: np.asarray(state[name], dtype=np.float64) for name in STATE_ARRAYS},
        t=np.array([state["t"]]),
        examples=estimator.examples.astype(np.float64),
        state_format=np.array([STATE_FORMAT]),
    )
    return buffer.getvalue()


def restore(data):
    """The estimator stored by `dump`; raises CorruptModel for anything else."""
    try:
        with np.load(io.BytesIO(bytes(data)), allow_pickle=False) as arrays:
            state_format = int(arrays["state_format"][0]) if "state_format" in arrays else 1
            if state_format != STATE_FORMAT:
                raise CorruptModel(
                    f"model state of format {state_format}, not this code's {STATE_FORMAT}"
                )
            state = {name: np.array(arrays[name], dtype=np.float64) for name in STATE_ARRAYS}
            t = float(arrays["t"][0])
            examples = np.array(arrays["examples"], dtype=np.float64)
    except CorruptModel:
        raise
    except Exception as error:  # any damage to the bytes: zip, npy header, missing arrays
        raise CorruptModel(f"unreadable model state ({error.__class__.__name__})") from error
    shapes = {
        "standard_coef": (1, N_FEATURES),
        "standard_intercept": (1,),
        "average_coef": (N_FEATURES,),
        "average_intercept": (1,),
    }
    for name, shape in shapes.items():
        if state[name].shape != shape:
            raise CorruptModel(f"model state {name} has shape {state[name].shape}, not {shape}")
    if examples.shape != (len(CLASSES),):
        raise CorruptModel(f"model state counts {examples.shape} kinds of decision")
    values = [*state.values(), examples, np.array([t])]
    if not all(np.isfinite(value).all() for value in values):
        raise CorruptModel("model state holds non-finite values")
    if examples.min() < 0 or t < 1:
        raise CorruptModel("model state holds negative counts")
    estimator = SpamEstimator()
    estimator._set_state(**state, t=t)
    estimator.examples[:] = examples
    return estimator


def copy_of(estimator):
    """An independent copy to update, so a failed save leaves the one in use untouched."""
    other = SpamEstimator()
    other._set_state(**{name: np.copy(value) for name, value in estimator._state().items()})
    other.examples[:] = estimator.examples
    return other
