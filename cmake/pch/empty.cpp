// The one source of each owner of a precompiled header (engine.hpp, cli.hpp, tests.hpp here); the
// other targets reuse the owner's compiled header.
