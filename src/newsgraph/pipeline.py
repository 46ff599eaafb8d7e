"""The pipeline: the NLP backbone followed by the configured stages, from Article to Analysis."""

from __future__ import annotations

from collections.abc import Sequence

from newsgraph import __version__
from newsgraph.backbone import Backbone
from newsgraph.schema import Analysis, Article, Draft
from newsgraph.settings import Settings
from newsgraph.stages import Stage, build_stages


class Pipeline:
    """Parses articles and runs the stages over them; built once per process."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.backbone = Backbone.from_settings(settings.nlp)
        self.stages: list[Stage] = build_stages(settings)
        self._ready = False

    def setup(self) -> None:
        """Load the spaCy model and every stage's resources."""
        if not self._ready:
            self.backbone.setup()
            for stage in self.stages:
                stage.setup()
            self._ready = True

    @property
    def provenance(self) -> dict[str, str]:
        """What produced an analysis: newsgraph, the model and each stage's versioned name."""
        versions = {"newsgraph": __version__, "model": self.backbone.version}
        versions.update({stage.name: stage.version for stage in self.stages})
        return versions

    def analyse(self, articles: Sequence[Article]) -> list[Analysis]:
        """Analyse a batch of articles, in order."""
        self.setup()
        parses = self.backbone.parse(articles)
        provenance = self.provenance
        drafts = [Draft(article=article,
                        analysis=Analysis(article=article, sentences=list(parse.sentences),
                                          pipeline=dict(provenance)),
                        parse=parse)
                  for article, parse in zip(articles, parses)]
        for draft in drafts:
            cut = self.backbone.limit(draft.article.text)
            if cut < len(draft.article.text):
                # Recorded so that a reader knows the tail of the text was not analysed.
                draft.analysis.pipeline["truncated_at"] = str(cut)
        for stage in self.stages:
            drafts = stage(drafts)
        return [draft.analysis for draft in drafts]
