"""The layering check itself: it must catch an upward include, a sibling include and a cycle."""
import pathlib
import textwrap

import check_layers

CMAKE = textwrap.dedent("""
    fundsim_module(random DEPS fundsim_random123)
    fundsim_module(study DEPS fundsim_random tomlplusplus::tomlplusplus)
    fundsim_module(model DEPS fundsim_study)
    fundsim_module(analysis DEPS fundsim_model)
    fundsim_module(output DEPS fundsim_analysis)
""")


def tree(tmp_path, cmake, files):
    engine = tmp_path / "engine"
    engine.mkdir()
    (engine / "CMakeLists.txt").write_text(cmake)
    for name, text in files.items():
        path = engine / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_includes_of_lower_layers_pass(tmp_path):
    src = tree(tmp_path, CMAKE, {"output/w.cpp": '#include "analysis/a.hpp"\n#include "random/r.hpp"\n',
                                 "model/m.hpp": '#include "study/s.hpp"\n#include <vector>\n'})
    assert check_layers.violations(src) == []


def test_an_include_of_a_higher_layer_is_named(tmp_path):
    src = tree(tmp_path, CMAKE, {"analysis/a.hpp": '#include "model/m.hpp"\n#include "output/w.hpp"\n'})
    problems = check_layers.violations(src)
    assert len(problems) == 1
    assert "engine/analysis/a.hpp:2: analysis includes output/" in problems[0]


def test_a_sibling_is_not_below(tmp_path):
    cmake = CMAKE + "fundsim_module(decision DEPS fundsim_analysis)\nfundsim_module(sensitivity DEPS fundsim_analysis)\n"
    src = tree(tmp_path, cmake, {"decision/d.cpp": '#include "sensitivity/s.hpp"\n'})
    assert len(check_layers.violations(src)) == 1


def test_a_cycle_in_the_declared_graph_is_reported(tmp_path):
    cmake = "fundsim_module(a DEPS fundsim_b)\nfundsim_module(b DEPS fundsim_a)\n"
    src = tree(tmp_path, cmake, {})
    problems = check_layers.violations(src)
    assert problems and "cycle" in problems[0]
