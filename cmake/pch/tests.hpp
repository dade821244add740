// Precompiled for the unit-test programs when FUNDSIM_PCH is on (see engine.hpp).
#pragma once
#include <gtest/gtest.h>

#include "engine.hpp"
