import ArgumentParser

/// A duration such as `90`, `90s`, `10m` or `1.5h`, in seconds. Its range (a finite number above
/// zero) is checked by the options that take it.
struct Seconds: ExpressibleByArgument, CustomStringConvertible {
  var value: Double

  init?(argument: String) {
    let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
    var number = Substring(argument)
    var scale = 1.0
    if let last = number.last, let unit = units[last] {
      scale = unit
      number = number.dropLast()
    }
    guard let value = Double(number) else { return nil }
    self.value = value * scale
  }

  var description: String { "\(value) s" }
}
