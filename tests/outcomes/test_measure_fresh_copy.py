"""Saving a network measure writes over the measure as it is now, not the copy the page
loaded: a measure retired while someone had its edit page open stays retired."""

import pytest

from outcomes import services_measures as services
from outcomes.models import NetworkMeasure
from tests.outcomes.factories import standard_measures


def _edit(actor, measure, version, **changes):
    details = {
        "title": measure.title,
        "definition": measure.definition,
        "unit": measure.unit,
        "direction": measure.direction,
        "target": measure.target,
        "counts_people": measure.counts_people,
        "reporting": measure.reporting,
        **changes,
    }
    return services.update_measure(actor=actor, measure=measure, version=version, **details)


def test_an_edit_does_not_bring_back_a_measure_retired_while_it_was_open(cast):
    falls = standard_measures()["falls"]
    wills = NetworkMeasure.objects.get(pk=falls.pk)
    services.retire_measure(actor=cast.ada, measure=NetworkMeasure.objects.get(pk=falls.pk))
    _edit(cast.will, wills, 1, definition="Falls, with or without injury")
    falls = NetworkMeasure.objects.get(pk=falls.pk)
    assert falls.definition == "Falls, with or without injury"
    assert falls.is_retired
    assert falls.version == 2


def test_two_edits_from_one_version_keep_the_first_and_refuse_the_second(cast):
    falls = standard_measures()["falls"]
    wills = NetworkMeasure.objects.get(pk=falls.pk)
    adas = NetworkMeasure.objects.get(pk=falls.pk)
    _edit(cast.will, wills, 1, target=2)
    with pytest.raises(services.EditConflict):
        _edit(cast.ada, adas, 1, definition="Ada's wording")
    falls = NetworkMeasure.objects.get(pk=falls.pk)
    assert falls.target == 2 and falls.definition != "Ada's wording"
    assert falls.version == 2
