#include "output/netcdf_file.hpp"

#include <limits>

namespace fundsim {

hid_t native_type(ValueType type) {
  switch (type) {
    case ValueType::f64:
      return H5T_NATIVE_DOUBLE;
    case ValueType::f32:
      return H5T_NATIVE_FLOAT;
    case ValueType::i32:
      return H5T_NATIVE_INT32;
    case ValueType::i64:
      return H5T_NATIVE_INT64;
    case ValueType::i8:
      return H5T_NATIVE_INT8;
    case ValueType::text:
      break;
  }
  return H5T_NATIVE_DOUBLE;
}

NetcdfFile::NetcdfFile(const std::string& path) : path_(path) {
  h5::silence_error_stack();
  file_ = h5::create_file(path);
}

namespace {

void describe(hid_t dataset, const Variable& v) {
  if (!v.units.empty()) h5::set_attribute(dataset, "units", v.units);
  if (!v.long_name.empty()) h5::set_attribute(dataset, "long_name", v.long_name);
}

}  // namespace

void NetcdfFile::add_coordinate(const Variable& v, hsize_t size, const void* values,
                                bool growable) {
  sizes_[v.name] = size;
  h5::DatasetSpec spec;
  spec.name = v.name;
  spec.type = native_type(v.type);
  spec.dims = {size};
  if (growable) {
    spec.max_dims = {H5S_UNLIMITED};
    spec.chunk = {4096};
  }
  h5::Handle ds = h5::create_dataset(file_.id(), spec);
  h5::write_all(ds.id(), spec.type, values, v.name);
  h5::make_scale(ds.id(), v.name);
  describe(ds.id(), v);
  scales_[v.name] = std::move(ds);
}

void NetcdfFile::add_coordinate(const Variable& v, const std::vector<std::string>& labels) {
  sizes_[v.name] = labels.size();
  h5::Handle type = h5::vlen_utf8_type();
  h5::DatasetSpec spec;
  spec.name = v.name;
  spec.type = type.id();
  spec.dims = {labels.size()};
  h5::Handle ds = h5::create_dataset(file_.id(), spec);
  h5::write_strings(ds.id(), labels, v.name);
  h5::make_scale(ds.id(), v.name);
  describe(ds.id(), v);
  scales_[v.name] = std::move(ds);
}

h5::Handle NetcdfFile::create(const Variable& v, const StorageOptions& storage) {
  h5::Handle text_type;
  h5::DatasetSpec spec;
  spec.name = v.name;
  if (v.type == ValueType::text) {
    text_type = h5::vlen_utf8_type();
    spec.type = text_type.id();
  } else {
    spec.type = native_type(v.type);
  }
  for (const auto& d : v.dims) spec.dims.push_back(sizes_.at(d));
  spec.chunk = storage.chunk;
  spec.compression = storage.compress ? h5::Compression::deflate : h5::Compression::none;
  spec.has_fill = v.fill;
  const bool real = v.type == ValueType::f64 || v.type == ValueType::f32;
  spec.fill = real ? std::numeric_limits<double>::quiet_NaN() : -1;
  if (storage.growable_replicates && !storage.chunk.empty()) {
    spec.max_dims = spec.dims;
    for (std::size_t axis = 0; axis < v.dims.size(); ++axis) {
      if (v.dims[axis] == "replicate") spec.max_dims[axis] = H5S_UNLIMITED;
    }
  }
  spec.chunk_cache_bytes = storage.chunk_cache_bytes;
  h5::Handle dataset = h5::create_dataset(file_.id(), spec);
  for (unsigned axis = 0; axis < v.dims.size(); ++axis) {
    h5::attach_scale(dataset.id(), scales_.at(v.dims[axis]).id(), axis, path_ + ": " + v.name);
  }
  describe(dataset.id(), v);
  return dataset;
}

void NetcdfFile::write(const Variable& v, const void* values) {
  h5::Handle ds = create(v);
  h5::write_all(ds.id(), native_type(v.type), values, v.name);
}

void NetcdfFile::write(const Variable& v, const std::vector<std::string>& values) {
  h5::Handle ds = create(v);
  h5::write_strings(ds.id(), values, v.name);
}

void NetcdfFile::close() {
  for (auto& [name, scale] : scales_) scale.close(path_ + ": " + name);
  scales_.clear();
  h5::check(H5Fflush(file_.id(), H5F_SCOPE_GLOBAL), "flush", path_);
  file_.close(path_);
}

}  // namespace fundsim
