//! Kubernetes resource quantities (`100m`, `1.5Gi`, `2e3`): the grammar of
//! apimachinery's `resource.Quantity`, and their value for comparing requests with
//! limits.

/// The value of a quantity in base units (cores, bytes), or why it does not read.
///
/// ```text
/// quantity ::= signedNumber suffix
/// number   ::= digits | digits.digits | digits. | .digits
/// suffix   ::= Ki|Mi|Gi|Ti|Pi|Ei | m|""|k|M|G|T|P|E | (e|E) signedNumber
/// ```
pub fn parse(text: &str) -> Result<f64, String> {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let number_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let whole = i - number_start;
    let mut fraction = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        fraction = i - start;
    }
    if whole == 0 && fraction == 0 {
        return Err(format!("{text:?} does not start with a number"));
    }
    let number: f64 = text[..i]
        .parse()
        .map_err(|_| format!("{text:?} does not start with a number"))?;
    let suffix = &text[i..];
    let scale = match suffix {
        "" => 1.0,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024f64,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        "Ei" => 1024f64.powi(6),
        _ => {
            let exponent = suffix
                .strip_prefix(['e', 'E'])
                .filter(|e| {
                    let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                    !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit())
                })
                .and_then(|e| e.parse::<i32>().ok());
            match exponent {
                Some(e) => 10f64.powi(e),
                None => {
                    return Err(format!(
                        "{text:?} has the unit {suffix:?}; units are m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent such as e3"
                    ))
                }
            }
        }
    };
    Ok(number * scale)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn the_kubernetes_grammar() {
        assert_eq!(parse("100m"), Ok(0.1));
        assert_eq!(parse("1.5Gi"), Ok(1.5 * 1024.0 * 1024.0 * 1024.0));
        assert_eq!(parse("2e3"), Ok(2000.0));
        assert_eq!(parse(".5"), Ok(0.5));
        assert_eq!(parse("1."), Ok(1.0));
        assert_eq!(parse("-1"), Ok(-1.0));
        assert_eq!(parse("128M"), Ok(128e6));
        for bad in ["", "1 Gi", "1GB", "1mi", "Gi", "1.5.5", "1e", "0x10", "1gi"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
