"""The citation check itself: it must catch a missing doc, a missing section and a citation of a
file outside the repository, and accept citations that exist."""
import check_citations


def tree(tmp_path, doc, source):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "model.md").write_text(doc)
    (tmp_path / "README.md").write_text("See [the model](docs/model.md).\n")
    (tmp_path / "engine").mkdir()
    (tmp_path / "engine" / "step.cpp").write_text(source)
    return tmp_path


DOC = "# Model\n\n## 3. Money\n\n### 3.2 Lags\n\n## 4. One month\n"


def test_existing_citations_pass(tmp_path):
    src = tree(tmp_path, DOC, "// docs/model.md §4 and docs/model.md §3.2, docs/model.md\n")
    assert check_citations.problems(src) == []


def test_a_missing_section_is_named(tmp_path):
    src = tree(tmp_path, DOC, "// as docs/model.md §7 says\n")
    assert check_citations.problems(src) == ["engine/step.cpp:1: docs/model.md has no section 7"]


def test_a_missing_doc_is_named(tmp_path):
    src = tree(tmp_path, DOC, "// docs/architecture.md §1\n")
    assert "docs/architecture.md does not exist" in check_citations.problems(src)[0]


def test_files_outside_the_repository_are_refused(tmp_path):
    src = tree(tmp_path, DOC, "// MODEL.md §4\n// see ../shared/data/x.csv\n")
    problems = check_citations.problems(src)
    assert len(problems) == 2 and all("outside the repository" in p for p in problems)


def test_a_broken_link_in_the_docs_is_named(tmp_path):
    src = tree(tmp_path, DOC + "[gone](missing.md)\n", "")
    assert "link to missing missing.md" in check_citations.problems(src)[0]
