// Precompiled for the command-line program when FUNDSIM_PCH is on (see engine.hpp).
#pragma once
#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "engine.hpp"
