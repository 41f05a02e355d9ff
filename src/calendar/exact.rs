//! Exact fractions and the one rounding rule (SPEC §6 "Boundaries").
//!
//! Shares from `closeloop.toml` (`top_share`, `at_risk`) are read from their decimal text as an
//! integer numerator over a power of ten, never through `f64`: `0.07 × 100` is exactly 7, where
//! binary floating point says 7.000000000000001 and a ceiling turns that into 8. Every figure a
//! person reads (percentages, means, median hours) is an exact ratio of integers until
//! [`round_ratio`] rounds it once, half away from zero.

use std::fmt;

/// A non-negative decimal fraction `num / den`, as written in the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Fraction {
    num: u64,
    den: u64,
}

impl PartialEq for Fraction {
    /// `0.5` and `0.50` are the same share.
    fn eq(&self, other: &Fraction) -> bool {
        u128::from(self.num) * u128::from(other.den) == u128::from(other.num) * u128::from(self.den)
    }
}

impl Fraction {
    /// `num / den`; `den` must not be zero.
    pub const fn new(num: u64, den: u64) -> Fraction {
        assert!(den > 0, "a fraction has a denominator");
        Fraction { num, den }
    }

    /// Reads a TOML decimal number as written: `1`, `0.07`, `0.250`, `7e-2`, `1_0e-2`. Signs
    /// other than a leading `+` and anything that is not a plain decimal are refused.
    pub fn parse_decimal(text: &str) -> Option<Fraction> {
        let text = text.trim().strip_prefix('+').unwrap_or(text.trim());
        let text: String = text.chars().filter(|&c| c != '_').collect();
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m.to_owned(), e.parse::<i32>().ok()?),
            None => (text.clone(), 0),
        };
        let (whole, frac) = mantissa.split_once('.').unwrap_or((&mantissa, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(frac) {
            return None;
        }
        let digits = format!("{whole}{frac}");
        let digits = digits.trim_start_matches('0');
        let scale = i32::try_from(frac.len()).ok()? - exponent;
        let (num, den): (u128, u128) = if scale >= 0 {
            (
                digits.parse::<u128>().unwrap_or(0),
                10u128.checked_pow(u32::try_from(scale).ok()?)?,
            )
        } else {
            let up = 10u128.checked_pow(u32::try_from(-scale).ok()?)?;
            (digits.parse::<u128>().unwrap_or(0).checked_mul(up)?, 1)
        };
        let g = gcd(num, den);
        Some(Fraction {
            num: u64::try_from(num / g).ok()?,
            den: u64::try_from(den / g).ok()?,
        })
    }

    /// Whether the fraction lies in `[0, 1]` (or `(0, 1]` without `zero_ok`).
    pub fn is_share(&self, zero_ok: bool) -> bool {
        self.num <= self.den && (zero_ok || self.num > 0)
    }

    /// `ceil(self × n)`, exactly.
    pub fn ceil_times(&self, n: u64) -> u64 {
        let product = u128::from(self.num) * u128::from(n);
        let den = u128::from(self.den);
        u64::try_from(product.div_ceil(den)).unwrap_or(u64::MAX)
    }

    /// Whether `part <= self × whole`, exactly (`part` and `whole` in the same unit).
    pub fn bounds(&self, part: i128, whole: i128) -> bool {
        part * i128::from(self.den) <= i128::from(self.num) * whole
    }

    /// The nearest `f64`, for output only.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl fmt::Display for Fraction {
    /// As a decimal: every fraction read from a decimal has a terminating expansion.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, mut rest) = (self.num / self.den, self.num % self.den);
        write!(f, "{whole}")?;
        if rest == 0 {
            return Ok(());
        }
        f.write_str(".")?;
        let mut guard = 0;
        while rest != 0 && guard < 40 {
            rest *= 10;
            write!(f, "{}", rest / self.den)?;
            rest %= self.den;
            guard += 1;
        }
        Ok(())
    }
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a.max(1) } else { gcd(b, a % b) }
}

/// `num / den` rounded to the nearest integer, halves away from zero. `den` must be positive.
pub(crate) fn round_half_away(num: i128, den: i128) -> i128 {
    assert!(den > 0, "rounding needs a positive denominator");
    let (q, r) = (num.div_euclid(den), num.rem_euclid(den));
    // q ≤ num/den < q + 1; compare the remainder with half the denominator.
    match (2 * r).cmp(&den) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal if num >= 0 => q + 1,
        std::cmp::Ordering::Equal => q,
    }
}

/// `num / den` rounded to `decimals` places, half away from zero: the one rounding of every
/// figure shown to people. The result is the `f64` nearest to that decimal, so it prints as
/// written (`4.23`, `33.3`).
pub(crate) fn round_ratio(num: i128, den: i128, decimals: u32) -> f64 {
    let scale = 10i128.pow(decimals);
    let rounded = round_half_away(num * scale, den);
    rounded as f64 / scale as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn share(text: &str) -> Fraction {
        Fraction::parse_decimal(text).expect(text)
    }

    #[test]
    fn reads_decimals_exactly() {
        assert_eq!(share("0.07"), Fraction::new(7, 100));
        assert_eq!(share("0.10"), Fraction::new(1, 10));
        assert_eq!(share("1"), Fraction::new(1, 1));
        assert_eq!(share("0"), Fraction::new(0, 1));
        assert_eq!(share("7e-2"), Fraction::new(7, 100));
        assert_eq!(share("0.7E0"), Fraction::new(7, 10));
        assert_eq!(share("+0.25"), Fraction::new(1, 4));
        for bad in ["", "-0.1", ".5", "0.1.2", "nan", "inf", "0x1", "1e"] {
            assert!(Fraction::parse_decimal(bad).is_none(), "{bad:?}");
        }
        assert_eq!(share("0.14").to_string(), "0.14");
    }

    #[test]
    fn a_ceiling_of_a_share_is_exact() {
        // In f64, 0.07 × 100 = 7.000000000000001 and its ceiling is 8.
        assert_eq!(share("0.07").ceil_times(100), 7);
        assert_eq!(share("0.14").ceil_times(100), 14);
        assert_eq!(share("0.14").ceil_times(50), 7);
        assert_eq!(share("0.1").ceil_times(12), 2);
        assert_eq!(share("0.7").ceil_times(10), 7);
        assert_eq!(share("0.1").ceil_times(0), 0);
    }

    #[test]
    fn rounds_halves_away_from_zero() {
        assert_eq!(round_half_away(5, 2), 3);
        assert_eq!(round_half_away(-5, 2), -3);
        assert_eq!(round_half_away(7, 3), 2);
        assert_eq!(round_half_away(-7, 3), -2);
        assert_eq!(round_ratio(169, 40, 2), 4.23);
        assert_eq!(round_ratio(1, 3, 1), 0.3);
        assert_eq!(round_ratio(2, 3, 1), 0.7);
        assert_eq!(round_ratio(1, 8, 2), 0.13);
    }

    proptest! {
        #[test]
        fn rounding_is_within_half_a_unit(num in -1_000_000i128..1_000_000, den in 1i128..10_000) {
            let r = round_half_away(num, den);
            // |num/den - r| <= 1/2, i.e. |num - r·den| * 2 <= den.
            prop_assert!((num - r * den).abs() * 2 <= den);
        }

        #[test]
        fn decimals_read_back(num in 0u64..100_000, places in 0u32..6) {
            let text = format!("{}", num as f64 / 10f64.powi(places as i32));
            let exact = Fraction::parse_decimal(&text).unwrap();
            prop_assert_eq!(exact, Fraction::parse_decimal(&exact.to_string()).unwrap());
        }
    }
}
