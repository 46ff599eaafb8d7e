import newsgraph


def test_all_lists_exactly_the_public_names() -> None:
    public = {name for name in dir(newsgraph) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(newsgraph, name)).__name__ == "module"}
    assert set(newsgraph.__all__) - {"__version__"} == public - modules


def test_analyze_from_python(pipeline) -> None:
    analysis = newsgraph.analyze("Ukrainian President Volodymyr Zelensky visited Kherson on "
                                 "Friday and met local officials there.",
                                 title="Visit", published="2025-03-03", pipeline=pipeline)
    names = {entity.name: entity for entity in analysis.entities}
    assert names["Volodymyr Zelensky"].code == "UKRGOV"
    assert names["Kherson"].country == "UKR"
    assert analysis.pipeline["newsgraph.entities.v1"] == "v1"
