"""The registry-docs check itself: a metric or target without its row is reported."""
import check_registry_docs

SCHEMA = {"metrics": [{"name": "arrests"}, {"name": "closed"}],
          "effect_targets": [{"name": "capacity"}, {"name": "safeguard"}]}
MODEL = ("## 3. Money\n\n### What the effects change\n\n| target |\n|---|\n| `capacity` | x |\n"
         "| `safeguard` | y |\n\n## 7. Outputs\n\n| variable |\n|---|\n| `arrests` | yes |\n"
         "| `closed` | yes |\n\n## 8. Next\n\n| `other` | row |\n")
OUTPUT = "| `arrests` | dims |\n| `closed` | dims |\n"


def test_complete_docs_pass():
    assert check_registry_docs.gaps(SCHEMA, MODEL, OUTPUT) == []


def test_missing_metric_row_is_reported():
    model = MODEL.replace("| `closed` | yes |\n", "")
    assert check_registry_docs.gaps(SCHEMA, model, OUTPUT) == [
        "docs/model.md section 7: no row for metric `closed`"]


def test_row_in_another_section_does_not_count():
    schema = {"metrics": [{"name": "other"}], "effect_targets": []}
    assert len(check_registry_docs.gaps(schema, MODEL, "| `other` | d |\n")) == 1


def test_missing_target_and_output_rows_are_reported():
    model = MODEL.replace("| `safeguard` | y |\n", "")
    found = check_registry_docs.gaps(SCHEMA, model, "| `arrests` | dims |\n")
    assert "docs/output-format.md: no variable row for metric `closed`" in found
    assert "docs/model.md section 3: no row for effect target `safeguard`" in found
