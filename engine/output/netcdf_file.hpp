#pragma once
// A netCDF-4-compatible HDF5 file being written (docs/output-format.md §1): dimensions as
// dimension scales, variables created from the variable table (output/variables.hpp) with their
// scales attached and their units and long names set. Every HDF5 call goes through output/h5.
#include <map>
#include <string>
#include <vector>

#include "output/h5.hpp"
#include "output/variables.hpp"

namespace fundsim {

struct StorageOptions {
  std::vector<hsize_t> chunk;  // empty: contiguous
  bool compress = false;
  bool growable_replicates = false;  // the replicate axis can grow (needs a chunked layout)
  std::size_t chunk_cache_bytes = 0;
};

class NetcdfFile {
 public:
  // Creates `path` (which must not exist).
  explicit NetcdfFile(const std::string& path);

  const std::string& path() const { return path_; }
  hid_t id() const { return file_.id(); }
  hsize_t size(const std::string& dimension) const { return sizes_.at(dimension); }
  hid_t scale(const std::string& dimension) const { return scales_.at(dimension).id(); }

  // A coordinate variable (Content::coordinate) holding `values`, made a dimension scale.
  void add_coordinate(const Variable& v, hsize_t size, const void* values, bool growable);
  void add_coordinate(const Variable& v, const std::vector<std::string>& labels);
  // Creates a variable over existing dimensions, with its attributes; the caller writes it.
  h5::Handle create(const Variable& v, const StorageOptions& storage = {});
  // Creates and writes a whole variable from a C-order buffer of its type.
  void write(const Variable& v, const void* values);
  void write(const Variable& v, const std::vector<std::string>& values);
  // Grows a dimension (only the replicate one is growable).
  void set_size(const std::string& dimension, hsize_t size) { sizes_[dimension] = size; }
  // Closes the scales, flushes and closes; errors (e.g. disk full) surface here as OutputError.
  void close();

 private:
  std::string path_;
  h5::Handle file_;
  std::map<std::string, h5::Handle> scales_;
  std::map<std::string, hsize_t> sizes_;
};

hid_t native_type(ValueType type);  // not for text

}  // namespace fundsim
