"""scikit-learn's logistic regression on a split written by the quality bench (bench/lib/quality.ts).

Reads <dir>/split.json, train_x.f32, train_y.i32, test_x.f32, test_y.i32 (row-major float32 / int32).
Tables and images: LogisticRegression (lbfgs, C=1) on the same preprocessed features as the app's model.
Text (word-id sequences, 0 = padding): TfidfVectorizer + LogisticRegression on the same word ids.
Prints one JSON line: {"accuracy": ..., "macro_f1": ..., "train": n, "test": n}.
"""
import json
import os
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score


def main(folder):
    with open(os.path.join(folder, "split.json")) as f:
        meta = json.load(f)
    per = meta["per"]
    read_x = lambda name: np.fromfile(os.path.join(folder, name), dtype=np.float32).reshape(-1, per)
    read_y = lambda name: np.fromfile(os.path.join(folder, name), dtype=np.int32)
    x_train, y_train = read_x("train_x.f32"), read_y("train_y.i32")
    x_test, y_test = read_x("test_x.f32"), read_y("test_y.i32")
    if meta["text"]:
        docs = lambda x: [" ".join("w%d" % int(t) for t in row if int(t) != 0) for row in x]
        vectorizer = TfidfVectorizer(token_pattern=r"\S+", lowercase=False)
        x_train = vectorizer.fit_transform(docs(x_train))
        x_test = vectorizer.transform(docs(x_test))
    model = LogisticRegression(max_iter=2000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x_train, y_train)
    predicted = model.predict(x_test)
    labels = list(range(max(meta["classes"], 2)))
    print(json.dumps({
        "accuracy": float(accuracy_score(y_test, predicted)),
        "macro_f1": float(f1_score(y_test, predicted, average="macro", labels=labels, zero_division=0)),
        "train": int(len(y_train)),
        "test": int(len(y_test)),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
