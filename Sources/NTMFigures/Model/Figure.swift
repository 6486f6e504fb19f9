/// A figure in the paper's style: a title, grids of panels, and notes under them.
///
/// A figure is plain data; `svg()` draws it as an SVG document (`FigureSVG`), and the terminal
/// draws the same value into its cell grid, so both pictures always show the same numbers.
///
/// ```swift
/// let figure = try CopyFigure(lengths: [10, 20]).make(model)
/// let document = figure.svg()
/// ```
public struct Figure: Sendable, Equatable {
  public var title: String
  /// Grids of panels, one under another.
  public var grids: [PanelGrid]
  /// Sentences under the figure: what was measured, on how many sequences.
  public var notes: [String]

  public init(title: String, grids: [PanelGrid], notes: [String] = []) {
    self.title = title
    self.grids = grids
    self.notes = notes
  }

  /// A figure of one grid.
  public init(title: String, rows: [[FigurePanel]], notes: [String] = []) {
    self.init(title: title, grids: [PanelGrid(rows: rows)], notes: notes)
  }

  /// Every panel, grid by grid and row by row.
  public var panels: [FigurePanel] { grids.flatMap { $0.rows.joined() } }

  /// The colour scales the matrices use, in order of first use: one colour key each.
  public var matrixScales: [MatrixPlot.Scale] {
    var seen: [MatrixPlot.Scale] = []
    for case .matrix(let m) in panels where !seen.contains(m.scale) { seen.append(m.scale) }
    return seen
  }

  /// The figure as a standalone SVG document.
  public func svg() -> String { FigureSVG(figure: self).document }
}

/// Panels in rows whose columns line up: each column is as wide as its widest panel.
public struct PanelGrid: Sendable, Equatable {
  public var rows: [[FigurePanel]]

  public init(rows: [[FigurePanel]]) { self.rows = rows }

  public var columnCount: Int { rows.map(\.count).max() ?? 0 }
}

/// One cell of a figure's grid.
public enum FigurePanel: Sendable, Equatable {
  /// Values over time as coloured cells: bits, vectors, weightings.
  case matrix(MatrixPlot)
  /// Lines over numeric axes: costs against sizes, learning curves.
  case chart(LineChart)
  /// Nothing, keeping the columns of the other rows in line.
  case empty
}
