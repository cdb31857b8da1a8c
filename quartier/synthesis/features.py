"""The space contributions are compared in: what two texts share, in words and in meaning.

Two parts, each unit-normalised, then weighted and put side by side:
- TF-IDF over lemmas and adjacent lemma pairs ("vote blanc"), made denser by latent semantic
  analysis (SVD), so short texts that share no word but the same neighbours can still meet;
- the mean static word vector of the text's lemmas (TF-IDF weighted, centred on the sample),
  which brings what the texts of one consultation cannot teach: « impôt » is close to « taxe ».
The vocabulary, the SVD and the centring are fitted on the sample, then applied to any row.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .lexicon import Lexicon

# Share of the squared length given to word vectors: lemmas stay the main evidence (they say
# exactly what was written), vectors only pull synonyms together.
VECTOR_WEIGHT = 0.3
SVD_DIMS = 100
SVD_ROWS = 5_000  # rows the SVD is fitted on: more change nothing that shows, and cost time


def tokens_of(lemmas: list[str]) -> list[str]:
    """Lemmas plus adjacent pairs ("vote blanc"), which name themes better than single words."""
    pairs = [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False) if a != b]
    return lemmas + pairs


def _identity(tokens: list[str]) -> list[str]:
    return tokens


class Space:
    """Fitted on a sample, then turns token lists into TF-IDF rows and unit points."""

    def __init__(self, lexicon: Lexicon, seed: int) -> None:
        self.lexicon = lexicon
        self.seed = seed
        self.vectorizer: TfidfVectorizer | None = None
        self.svd: TruncatedSVD | None = None
        # Vectors of the vocabulary's words that have one (most pairs and typos have none).
        self.vector_columns: np.ndarray | None = None
        self.word_vectors: np.ndarray | None = None
        self.centre: np.ndarray | None = None
        self.seen: dict[str, list[str]] = {}

    # --- tokens ---

    def tokens(self, texts: Sequence[str]) -> list[list[str]]:
        seen = self.seen
        return [seen.get(text) or tokens_of(self.lexicon.lemmas(text)) for text in texts]

    def remember(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokens of the sample, kept so assigning the same rows later does not redo them."""
        tokens = self.tokens(texts)
        self.seen = dict(zip(texts, tokens, strict=True))
        return tokens

    # --- fitting ---

    def fit(self, tokens: list[list[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Fit on the sample's tokens; returns its TF-IDF rows and points."""
        tfidf = self._fit_vocabulary(tokens)
        n, vocab = tfidf.shape
        dims = min(SVD_DIMS, vocab - 1, n - 1)
        if dims >= 2:
            self.svd = TruncatedSVD(n_components=dims, random_state=self.seed)
            rows = tfidf
            if n > SVD_ROWS:
                pick = np.random.default_rng(self.seed).choice(n, SVD_ROWS, replace=False)
                rows = tfidf[np.sort(pick)]
            with warnings.catch_warnings():  # degenerate inputs: explained variance 0/0
                warnings.simplefilter("ignore", RuntimeWarning)
                self.svd.fit(rows)
        self._fit_vectors()
        if self.word_vectors is not None:
            raw = self._raw_meaning(tfidf)
            has = np.abs(raw).sum(axis=1) > 0
            self.centre = normalize(raw[has]).mean(axis=0) if has.any() else None
        return tfidf, self.points(tfidf)

    def _fit_vocabulary(self, tokens: list[list[str]]) -> sparse.csr_matrix:
        n = len(tokens)
        self.vectorizer = TfidfVectorizer(
            analyzer=_identity,
            min_df=2 if n >= 20 else 1,
            max_df=0.5 if n >= 50 else 1.0,
            sublinear_tf=True,
            max_features=100_000,
            dtype=np.float32,
        )
        try:
            return self.vectorizer.fit_transform(tokens).tocsr()
        except ValueError:  # every row empty after pruning: keep singletons
            self.vectorizer.set_params(min_df=1, max_df=1.0)
            return self.vectorizer.fit_transform(tokens).tocsr()

    def _fit_vectors(self) -> None:
        vectors = self.lexicon.vectors
        if not vectors or VECTOR_WEIGHT <= 0:
            return
        names = self.vectorizer.get_feature_names_out()
        dims = len(next(iter(vectors.values())))
        rows, data = [], []
        for index, name in enumerate(names):
            vector = vectors.get(str(name))
            if vector is not None:
                rows.append(index)
                data.append(vector)
        if not rows:
            return
        self.vector_columns = np.asarray(rows)
        self.word_vectors = np.vstack(data).astype(np.float32).reshape(len(rows), dims)

    # --- applying ---

    def transform(self, tokens: list[list[str]]) -> tuple[sparse.csr_matrix, np.ndarray]:
        tfidf = self.vectorizer.transform(tokens).tocsr()
        return tfidf, self.points(tfidf)

    def points(self, tfidf: sparse.csr_matrix) -> np.ndarray:
        if self.svd is None:
            words = normalize(tfidf.toarray())
        else:
            words = normalize(self.svd.transform(tfidf))
        words = words.astype(np.float32)
        if self.word_vectors is None or self.centre is None:
            return words
        raw = self._raw_meaning(tfidf)
        has = np.abs(raw).sum(axis=1) > 0
        meaning = np.zeros_like(raw, dtype=np.float32)
        meaning[has] = normalize(normalize(raw[has]) - self.centre)
        both = np.hstack([words * np.sqrt(1 - VECTOR_WEIGHT), meaning * np.sqrt(VECTOR_WEIGHT)])
        return normalize(both).astype(np.float32)

    def _raw_meaning(self, tfidf: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(tfidf[:, self.vector_columns] @ self.word_vectors, dtype=np.float32)
