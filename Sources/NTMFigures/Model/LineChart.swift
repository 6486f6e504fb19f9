/// Series of points over two numeric axes: cost against the number of items, a learning curve.
///
/// ```swift
/// let cost = Series(name: "cost", points: zip(items, bits).map(ChartPoint.init))
/// LineChart(
///   title: "Cost per sequence", x: .fitting(items.map(Double.init), label: "items"),
///   y: .fitting(bits, label: "bits per sequence", includeZero: true), series: [cost])
/// ```
public struct LineChart: Sendable, Equatable {
  public var title: String
  public var x: ChartAxis
  public var y: ChartAxis
  public var series: [Series]
  /// Shaded ranges of x, such as the sizes the model was trained on.
  public var bands: [Band]

  public init(title: String, x: ChartAxis, y: ChartAxis, series: [Series], bands: [Band] = []) {
    self.title = title
    self.x = x
    self.y = y
    self.series = series
    self.bands = bands
  }
}

public struct ChartPoint: Sendable, Equatable {
  public var x: Double
  public var y: Double

  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }
}

/// One named line (or set of markers) of a chart.
public struct Series: Sendable, Equatable {
  public enum Style: Sendable, Equatable {
    case line
    case markers
    case lineAndMarkers
  }

  public var name: String
  public var points: [ChartPoint]
  public var style: Style

  public init(name: String, points: [ChartPoint], style: Style = .line) {
    self.name = name
    self.points = points
    self.style = style
  }
}

/// A shaded range of a chart's x axis, with a label at its top.
public struct Band: Sendable, Equatable {
  public var range: ClosedRange<Double>
  public var label: String

  public init(_ range: ClosedRange<Double>, label: String) {
    self.range = range
    self.label = label
  }
}
