// Reading side of the checked HDF5 layer (fundsim report).
#include <cstdlib>
#include <memory>

#include "output/h5.hpp"

namespace fundsim::h5 {

bool has_dataset(hid_t file, const std::string& name) {
  const htri_t exists = H5Lexists(file, name.c_str(), H5P_DEFAULT);
  check(exists, "H5Lexists", name);
  return exists > 0;
}

std::vector<hsize_t> dataset_shape(hid_t file, const std::string& name) {
  Handle dataset = open_dataset(file, name);
  Handle space(check(H5Dget_space(dataset.id()), "H5Dget_space", name), H5Sclose);
  const int rank = static_cast<int>(
      check(H5Sget_simple_extent_ndims(space.id()), "H5Sget_simple_extent_ndims", name));
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  check(H5Sget_simple_extent_dims(space.id(), dims.data(), nullptr), "H5Sget_simple_extent_dims",
        name);
  return dims;
}

std::vector<double> read_doubles(hid_t file, const std::string& name) {
  std::size_t n = 1;
  for (hsize_t d : dataset_shape(file, name)) n *= static_cast<std::size_t>(d);
  Handle dataset = open_dataset(file, name);
  Handle type(check(H5Dget_type(dataset.id()), "H5Dget_type", name), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.id());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) {
    check(-1, "read as numbers (not a numeric dataset)", name);
  }
  std::vector<double> values(n);
  if (n > 0) {
    check(H5Dread(dataset.id(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "H5Dread", name);
  }
  return values;
}

void read_hyperslab(hid_t dataset, hid_t mem_type, const std::vector<hsize_t>& offset,
                    const std::vector<hsize_t>& count, void* data, const std::string& name) {
  const Slab slab = select_slab(dataset, offset, count, name);
  check(H5Dread(dataset, mem_type, slab.mem_space.id(), slab.file_space.id(), H5P_DEFAULT, data),
        "H5Dread", name);
}

std::vector<std::uint8_t> read_bytes(hid_t file, const std::string& name) {
  const std::vector<hsize_t> shape = dataset_shape(file, name);
  if (shape.size() != 1) check(-1, "read as bytes (not one-dimensional)", name);
  Handle dataset = open_dataset(file, name);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(shape[0]));
  if (!bytes.empty()) {
    check(H5Dread(dataset.id(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, bytes.data()),
          "H5Dread", name);
  }
  return bytes;
}

std::vector<std::string> read_strings(hid_t file, const std::string& name) {
  Handle dataset = open_dataset(file, name);
  Handle type(check(H5Dget_type(dataset.id()), "H5Dget_type", name), H5Tclose);
  if (H5Tget_class(type.id()) != H5T_STRING)
    check(-1, "read as strings (not a string dataset)", name);
  Handle space(check(H5Dget_space(dataset.id()), "H5Dget_space", name), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space.id());
  check(static_cast<hid_t>(n), "H5Sget_simple_extent_npoints", name);
  std::vector<std::string> out;
  const htri_t variable = H5Tis_variable_str(type.id());
  check(variable, "H5Tis_variable_str", name);
  if (variable > 0) {
    Handle mem = vlen_utf8_type();
    std::vector<char*> pointers(static_cast<std::size_t>(n), nullptr);
    check(H5Dread(dataset.id(), mem.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
          "H5Dread", name);
    for (char* p : pointers) out.emplace_back(p ? p : "");
    check(H5Dvlen_reclaim(mem.id(), space.id(), H5P_DEFAULT, pointers.data()), "H5Dvlen_reclaim",
          name);
  } else {
    const std::size_t size = H5Tget_size(type.id());
    std::vector<char> buffer(size * static_cast<std::size_t>(n) + 1, '\0');
    check(H5Dread(dataset.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()), "H5Dread",
          name);
    for (hssize_t i = 0; i < n; ++i) {
      const char* p = buffer.data() + static_cast<std::size_t>(i) * size;
      std::size_t len = 0;
      while (len < size && p[len] != '\0') ++len;
      out.emplace_back(p, len);
    }
  }
  return out;
}

bool has_attribute(hid_t object, const std::string& name) {
  const htri_t exists = H5Aexists(object, name.c_str());
  check(exists, "H5Aexists", name);
  return exists > 0;
}

std::string read_text_attribute(hid_t object, const std::string& name) {
  Handle attr(check(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute", name), H5Aclose);
  Handle type(check(H5Aget_type(attr.id()), "H5Aget_type", name), H5Tclose);
  if (H5Tget_class(type.id()) != H5T_STRING) check(-1, "read as text (not a text attribute)", name);
  const htri_t variable = H5Tis_variable_str(type.id());
  check(variable, "H5Tis_variable_str", name);
  if (variable > 0) {
    Handle mem = vlen_utf8_type();
    char* p = nullptr;
    check(H5Aread(attr.id(), mem.id(), &p), "read attribute", name);
    std::string value = p ? p : "";
    H5free_memory(p);
    return value;
  }
  const std::size_t size = H5Tget_size(type.id());
  std::string buffer(size, '\0');
  check(H5Aread(attr.id(), type.id(), buffer.data()), "read attribute", name);
  const auto end = buffer.find('\0');
  if (end != std::string::npos) buffer.resize(end);
  return buffer;
}

double read_number_attribute(hid_t object, const std::string& name) {
  Handle attr(check(H5Aopen(object, name.c_str(), H5P_DEFAULT), "open attribute", name), H5Aclose);
  Handle type(check(H5Aget_type(attr.id()), "H5Aget_type", name), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.id());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) check(-1, "read as a number (not numeric)", name);
  double value = 0;
  check(H5Aread(attr.id(), H5T_NATIVE_DOUBLE, &value), "read attribute", name);
  return value;
}

}  // namespace fundsim::h5
