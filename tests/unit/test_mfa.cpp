// Dynamic stock model, equations M1-M10 of docs/mfa.md. Expected values for the fixed, normal and
// Weibull cases are ODYM's own known results (IndEcol/ODYM, odym/modules/test/
// DSM_test_known_results.py: inflow 1..10; fixed 5; normal 5, 1.5; Weibull shape 1.2, scale 1).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <numeric>

#include "mfa/lifetime.h"
#include "mfa/stock_model.h"

using critmin::mfa::inflow_driven;
using critmin::mfa::Lifetime;
using critmin::mfa::parse_lifetime;
using critmin::mfa::stock_driven;

namespace {
Lifetime lt(const char* spec) {
    std::string error;
    auto l = parse_lifetime(spec, error);
    EXPECT_TRUE(l) << error;
    return *l;
}
const std::vector<double> kInflow{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

void expect_close(const std::vector<double>& got, const std::vector<double>& want, double rel) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        EXPECT_NEAR(got[i], want[i], rel * std::max(1.0, std::abs(want[i]))) << "year " << i;
}
}  // namespace

TEST(Mfa, M1FixedLifetimeOdymKnownResult) {
    const auto r = inflow_driven(kInflow, lt("fixed:5"));
    expect_close(r.stock, {1, 3, 6, 10, 15, 20, 25, 30, 35, 40}, 1e-12);
    expect_close(r.outflow, {0, 0, 0, 0, 0, 1, 2, 3, 4, 5}, 1e-12);
    EXPECT_EQ(lt("fixed:3.5").survival(3), 1.0);  // still in use at age 3, gone at 4
    EXPECT_EQ(lt("fixed:3.5").survival(4), 0.0);
}

TEST(Mfa, M2NormalLifetimeOdymKnownResult) {
    const auto r = inflow_driven(kInflow, lt("normal:5:1.5"));
    expect_close(r.stock,
                 {0.99957094, 2.9953115, 5.96830193, 9.85008113, 14.4793678, 19.60865447,
                  24.99043368, 30.46342411, 35.95916467, 41.45873561},
                 1e-8);
    expect_close(r.outflow,
                 {4.29060333e-04, 4.25944090e-03, 2.70095728e-02, 1.18220793e-01, 3.70713330e-01,
                  8.70713330e-01, 1.61822079e+00, 2.52700957e+00, 3.50425944e+00, 4.50042906e+00},
                 1e-8);
    // Not truncated: a little of each cohort leaves in its inflow year.
    EXPECT_NEAR(lt("normal:5:1.5").survival(0), 0.99957094, 1e-8);
}

TEST(Mfa, M3LognormalConvertsMeanAndSdAsOdymDoes) {
    // mean 6, sd 3: ratio 1 + 36/9 = 5, mu = ln(6 / sqrt 5), sigma = sqrt(ln 5).
    const Lifetime l = lt("lognormal:6:3");
    EXPECT_DOUBLE_EQ(l.survival(0), 1.0);
    EXPECT_NEAR(l.survival(3), 0.46495970603609327, 1e-12);
    EXPECT_NEAR(l.survival(6), 0.26293661654113937, 1e-12);
    EXPECT_NEAR(l.survival(9), 0.170060756401168, 1e-12);
}

TEST(Mfa, M4WeibullOdymKnownResult) {
    const auto r = inflow_driven(kInflow, lt("weibull:1.2:1"));
    expect_close(r.stock,
                 {1, 2.367879441, 3.836279069, 5.328499576, 6.825822547, 8.324154666, 9.822673522,
                  11.321225, 12.8197819, 14.31833966},
                 1e-8);
    expect_close(r.outflow,
                 {0, 0.632120559, 1.531600372, 2.507779493, 3.502677029, 4.50166788, 5.501481144,
                  6.501448519, 7.5014431, 8.501442241},
                 1e-8);
}

TEST(Mfa, M5FoldedNormalTakesTheNormalBeforeFolding) {
    const Lifetime l = lt("foldednormal:5:1.5");
    EXPECT_DOUBLE_EQ(l.survival(0), 1.0);
    EXPECT_NEAR(l.survival(3), 0.9087888284871658, 1e-12);
    EXPECT_NEAR(l.survival(6), 0.2524925375470352, 1e-12);
    EXPECT_NEAR(l.survival(9), 0.00383038056758974, 1e-12);
}

// M6 (stock by cohort), M7 (outflow of older cohorts) and M8 (first-year outflow) by hand.
TEST(Mfa, M6M7M8CohortsByHand) {
    // Fixed 2 years: cohort c is in use at the end of years c and c+1 and leaves in year c+2.
    const auto r = inflow_driven(std::vector<double>{10, 0, 5}, lt("fixed:2"));
    expect_close(r.stock, {10, 10, 5}, 1e-15);
    expect_close(r.outflow, {0, 0, 10}, 1e-15);
    const auto cohorts = critmin::mfa::stock_by_cohort(std::vector<double>{10, 0, 5},
                                                       lt("fixed:2").survival_table(3));
    EXPECT_DOUBLE_EQ(cohorts[1 * 3 + 0], 10);  // year 1, cohort 0
    EXPECT_DOUBLE_EQ(cohorts[2 * 3 + 0], 0);   // gone in year 2
}

TEST(Mfa, M9MassBalanceHoldsEveryYear) {
    for (const char* spec :
         {"fixed:5", "normal:5:1.5", "lognormal:6:3", "weibull:1.2:1", "foldednormal:5:1.5"}) {
        const auto r = inflow_driven(kInflow, lt(spec));
        EXPECT_LT(r.max_imbalance(), 1e-12) << spec;
    }
}

TEST(Mfa, M10StockDrivenInvertsInflowDriven) {
    const auto forward = inflow_driven(kInflow, lt("normal:5:1.5"));
    const auto back = stock_driven(forward.stock, lt("normal:5:1.5"));
    expect_close(back.inflow, kInflow, 1e-10);
    expect_close(back.outflow, forward.outflow, 1e-10);
    EXPECT_LT(back.max_imbalance(), 1e-10);
}

TEST(Mfa, BadSpecsAreRejectedWithAReason) {
    std::string error;
    EXPECT_FALSE(parse_lifetime("gamma:3:1", error));
    EXPECT_NE(error.find("unknown lifetime kind 'gamma'"), std::string::npos);
    EXPECT_FALSE(parse_lifetime("normal:5", error));
    EXPECT_NE(error.find("needs 2 numbers"), std::string::npos);
    EXPECT_FALSE(parse_lifetime("normal:5:-1", error));
    EXPECT_FALSE(parse_lifetime("weibull:2:0", error));
    EXPECT_FALSE(parse_lifetime("fixed:x", error));
}

RC_GTEST_PROP(MfaProperties, MassBalanceForAnyInflowAndLifetime, ()) {
    const auto inflow = *rc::gen::container<std::vector<double>>(
        rc::gen::map(rc::gen::inRange(0, 100000), [](int x) { return x / 10.0; }));
    RC_PRE(!inflow.empty());
    const double mean = *rc::gen::inRange(1, 40), sd = *rc::gen::inRange(1, 15);
    for (auto kind : {critmin::mfa::LifetimeKind::fixed, critmin::mfa::LifetimeKind::normal,
                      critmin::mfa::LifetimeKind::lognormal, critmin::mfa::LifetimeKind::weibull,
                      critmin::mfa::LifetimeKind::foldednormal}) {
        const Lifetime l{kind, kind == critmin::mfa::LifetimeKind::weibull ? sd / 5.0 : mean, sd};
        const auto r = inflow_driven(inflow, l);
        const double scale = std::accumulate(inflow.begin(), inflow.end(), 1.0);
        RC_ASSERT(r.max_imbalance() <= 1e-9 * scale);
        for (std::size_t t = 0; t < inflow.size(); ++t) RC_ASSERT(r.stock[t] >= -1e-9 * scale);
    }
}
