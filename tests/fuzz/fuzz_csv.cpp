// Fuzzes the CSV reader and the typed table reader: no input may crash them or trip a
// sanitizer; every problem must come back as a diagnostic.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/csv.h"
#include "io/table.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    critmin::Diagnostics diagnostics;
    const auto file = critmin::io::parse_csv(text, "fuzz.csv", diagnostics);
    static constexpr critmin::io::ColumnSpec columns[] = {
        {"id", true}, {"year", false}, {"quantity", false}, {"stage", false}, {"list", false}};
    const critmin::io::TableReader table(file, columns, diagnostics);
    if (!table.usable()) return 0;
    for (std::size_t r : table.rows()) {
        (void)table.identifier(r, "id");
        (void)table.year(r, "year", false);
        (void)table.quantity(r, "quantity", false);
        (void)table.number(r, "quantity");
        if (table.has_column("stage")) (void)table.enumeration<critmin::Stage>(r, "stage");
        (void)critmin::io::split_list(table.text(r, "list"));
    }
    (void)diagnostics.to_string();
    return 0;
}
