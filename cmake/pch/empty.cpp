// The translation unit that owns a precompiled header (cmake/pch/engine.hpp); the other targets
// reuse it.
