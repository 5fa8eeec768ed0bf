#include <gtest/gtest.h>

#include "io/manifest.h"

using critmin::Diagnostics;
using critmin::io::parse_manifest;

TEST(Manifest, ReadsAllFields) {
    Diagnostics d;
    auto m = parse_manifest(R"(name: x
version: 1.2.3
base_year: 2024
description: test
units: {mass: t, money: USD}
tolerances: {mass_balance: 0.05}
sources:
  - {id: a, title: T, publisher: P, year: 2025, url: https://example.org, vintage: first}
)",
                            "m.yaml", d);
    ASSERT_TRUE(m) << d.to_string();
    EXPECT_EQ(m->name, "x");
    EXPECT_EQ(m->base_year, 2024);
    EXPECT_DOUBLE_EQ(m->mass_balance_tolerance, 0.05);
    EXPECT_DOUBLE_EQ(m->share_sum_tolerance, 0.01);
    ASSERT_EQ(m->sources.size(), 1u);
    EXPECT_EQ(m->sources[0].vintage, "first");
}

TEST(Manifest, ProblemsNameTheYamlPathAndLine) {
    Diagnostics d;
    auto m = parse_manifest(R"(name: x
version: 1
base_year: twenty
description: test
units: {mass: t, money: USD}
colour: blue
sources:
  - {id: a, title: T, publisher: P, year: 2025}
  - {id: a, title: T, year: 2025}
)",
                            "m.yaml", d);
    EXPECT_FALSE(m);
    const std::string all = d.to_string();
    EXPECT_NE(all.find("m.yaml:3:12: error: base_year: 'twenty' is not a year"), std::string::npos)
        << all;
    EXPECT_NE(all.find("m.yaml:6:1: error: colour: unknown key"), std::string::npos) << all;
    EXPECT_NE(all.find("sources[1].id: source id 'a' is listed twice"), std::string::npos) << all;
    EXPECT_NE(all.find("sources[1].publisher: is missing"), std::string::npos) << all;
}

TEST(Manifest, BrokenYamlGivesLineAndColumn) {
    Diagnostics d;
    EXPECT_FALSE(parse_manifest("name: [unclosed\n", "m.yaml", d));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d.items()[0].where.file, "m.yaml");
    EXPECT_GT(d.items()[0].where.line, 0u);
    EXPECT_NE(d.items()[0].message.find("not valid YAML"), std::string::npos);
}

TEST(Manifest, DeepNestingDoesNotCrash) {
    Diagnostics d;
    EXPECT_FALSE(parse_manifest(std::string(100000, '['), "m.yaml", d));
    EXPECT_FALSE(d.empty());
}

TEST(Manifest, MoneyYearIsOptional) {
    const std::string head = "name: x\nversion: 1\nbase_year: 2024\ndescription: test\n";
    const std::string sources = "sources:\n  - {id: a, title: T, publisher: P, year: 2025}\n";
    Diagnostics d;
    auto stated = parse_manifest(
        head + "units: {mass: t, money: USD, money_year: 2024}\n" + sources, "m.yaml", d);
    ASSERT_TRUE(stated) << d.to_string();
    EXPECT_EQ(stated->money_year, 2024);
    auto absent = parse_manifest(head + "units: {mass: t, money: USD}\n" + sources, "m.yaml", d);
    ASSERT_TRUE(absent) << d.to_string();
    EXPECT_EQ(absent->money_year, 0);  // not stated
    EXPECT_FALSE(parse_manifest(head + "units: {mass: t, money: USD, money_year: soon}\n" + sources,
                                "m.yaml", d));
    EXPECT_NE(d.to_string().find("units.money_year: 'soon' is not a year"), std::string::npos)
        << d.to_string();
}
