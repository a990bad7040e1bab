package plots

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// scene is a vg.Canvas that draws nothing but keeps, in page coordinates
// (points, origin at the bottom left), the extent of every text, filled
// shape and stroked line drawn on it, so that tests can check what a
// picture shows: which texts overlap, what a label touches.
type scene struct {
	w, h    vg.Length
	m       affine
	stack   []sceneState
	col     color.Color
	width   vg.Length
	dashed  bool
	texts   []sceneText
	fills   []sceneShape
	strokes []sceneShape
}

// affine maps (x, y) to (a·x + c·y + e, b·x + d·y + f).
type affine struct{ a, b, c, d, e, f float64 }

func (m affine) apply(p vg.Point) vg.Point {
	x, y := float64(p.X), float64(p.Y)
	return vg.Point{X: vg.Length(m.a*x + m.c*y + m.e), Y: vg.Length(m.b*x + m.d*y + m.f)}
}

// then returns the transform applying n first, then m.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

type sceneState struct {
	m      affine
	col    color.Color
	width  vg.Length
	dashed bool
}

// sceneText is a text as drawn: its string and the page rectangle its
// glyphs' advance and the font's ascent and descent span.
type sceneText struct {
	s       string
	r       vg.Rectangle
	rotated bool
}

// sceneShape is a filled or stroked path: its points' bounding box on the
// page, its colour, and for strokes the line width and whether dashed.
type sceneShape struct {
	r      vg.Rectangle
	col    color.Color
	width  vg.Length
	dashed bool
}

func newScene(w, h vg.Length) *scene {
	return &scene{w: w, h: h, m: affine{a: 1, d: 1}, col: color.Black, width: vg.Points(1)}
}

// drawScene lays p out on a page of width × height points and returns what
// it drew.
func drawScene(t *testing.T, p *plot.Plot, w, h vg.Length) *scene {
	t.Helper()
	s := newScene(w, h)
	p.Draw(draw.New(s))
	return s
}

func (s *scene) Size() (vg.Length, vg.Length) { return s.w, s.h }
func (s *scene) SetLineWidth(w vg.Length)     { s.width = w }
func (s *scene) SetLineDash(p []vg.Length, _ vg.Length) {
	s.dashed = len(p) > 0
}
func (s *scene) SetColor(c color.Color) { s.col = c }
func (s *scene) Rotate(rad float64) {
	sin, cos := math.Sincos(rad)
	s.m = s.m.then(affine{a: cos, b: sin, c: -sin, d: cos})
}
func (s *scene) Translate(p vg.Point) {
	s.m = s.m.then(affine{a: 1, d: 1, e: float64(p.X), f: float64(p.Y)})
}
func (s *scene) Scale(x, y float64) { s.m = s.m.then(affine{a: x, d: y}) }
func (s *scene) Push() {
	s.stack = append(s.stack, sceneState{m: s.m, col: s.col, width: s.width, dashed: s.dashed})
}
func (s *scene) Pop() {
	st := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.m, s.col, s.width, s.dashed = st.m, st.col, st.width, st.dashed
}

// bounds returns the page bounding box of local points.
func (s *scene) bounds(pts []vg.Point) vg.Rectangle {
	r := vg.Rectangle{Min: vg.Point{X: vg.Length(math.Inf(1)), Y: vg.Length(math.Inf(1))}, Max: vg.Point{X: vg.Length(math.Inf(-1)), Y: vg.Length(math.Inf(-1))}}
	for _, p := range pts {
		q := s.m.apply(p)
		r.Min.X, r.Min.Y = min(r.Min.X, q.X), min(r.Min.Y, q.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, q.X), max(r.Max.Y, q.Y)
	}
	return r
}

func (s *scene) pathBounds(p vg.Path) vg.Rectangle {
	var pts []vg.Point
	for _, c := range p {
		switch c.Type {
		case vg.MoveComp, vg.LineComp:
			pts = append(pts, c.Pos)
		case vg.ArcComp:
			r := c.Radius
			pts = append(pts, c.Pos.Add(vg.Point{X: -r, Y: -r}), c.Pos.Add(vg.Point{X: r, Y: r}))
		case vg.CurveComp:
			pts = append(pts, c.Pos)
			pts = append(pts, c.Control...)
		}
	}
	return s.bounds(pts)
}

func (s *scene) Stroke(p vg.Path) {
	if s.width <= 0 {
		return
	}
	s.strokes = append(s.strokes, sceneShape{r: s.pathBounds(p), col: s.col, width: s.width, dashed: s.dashed})
}

func (s *scene) Fill(p vg.Path) {
	s.fills = append(s.fills, sceneShape{r: s.pathBounds(p), col: s.col})
}

func (s *scene) FillString(f font.Face, pt vg.Point, txt string) {
	if f.Font.Size == 0 || txt == "" {
		return
	}
	e := f.Extents()
	r := s.bounds([]vg.Point{{X: pt.X, Y: pt.Y - e.Descent}, {X: pt.X + f.Width(txt), Y: pt.Y + e.Ascent}})
	s.texts = append(s.texts, sceneText{s: txt, r: r, rotated: s.m.b != 0 || s.m.c != 0})
}

func (s *scene) DrawImage(vg.Rectangle, image.Image) {}

// text returns the drawn texts equal to txt.
func (s *scene) text(txt string) []sceneText {
	var out []sceneText
	for _, t := range s.texts {
		if t.s == txt {
			out = append(out, t)
		}
	}
	return out
}

// textSlack is how far the ascent-to-descent boxes of two texts may
// overlap, top to bottom, with no glyphs meeting: a legend's lines are set
// 1.1 points closer than the font's ascent plus descent at legendSize.
// Side to side, texts must keep apart.
var textSlack = vg.Points(1.5)

// overlapping returns the pairs of texts whose rectangles, shrunk by
// slack at the top and bottom, intersect.
func (s *scene) overlapping(slack vg.Length) [][2]sceneText {
	in := func(r vg.Rectangle) vg.Rectangle {
		r.Min.Y += slack
		r.Max.Y -= slack
		return r
	}
	var out [][2]sceneText
	for i, a := range s.texts {
		for _, b := range s.texts[:i] {
			if overlaps(in(a.r), in(b.r)) {
				out = append(out, [2]sceneText{b, a})
			}
		}
	}
	return out
}

// shrink returns r less d on every side.
func shrink(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: r.Min.Add(vg.Point{X: d, Y: d}), Max: r.Max.Sub(vg.Point{X: d, Y: d})}
}

// gap returns the distance between rectangles a and b: 0 if they meet.
func gap(a, b vg.Rectangle) vg.Length {
	dx := max(0, max(a.Min.X-b.Max.X, b.Min.X-a.Max.X))
	dy := max(0, max(a.Min.Y-b.Max.Y, b.Min.Y-a.Max.Y))
	return vg.Length(math.Hypot(float64(dx), float64(dy)))
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// TestScene checks the recorder itself on a hand-made drawing: a
// translated and a rotated text, a filled square and a dashed line.
func TestScene(t *testing.T) {
	s := newScene(100, 100)
	face := textStyle(10, color.Black).Font
	f := font.DefaultCache.Lookup(face, face.Size)
	s.Push()
	s.Translate(vg.Point{X: 10, Y: 20})
	s.FillString(f, vg.Point{X: 5, Y: 5}, "abc")
	s.Rotate(math.Pi / 2)
	s.FillString(f, vg.Point{}, "abc")
	s.Pop()
	s.SetColor(color.White)
	var sq vg.Path
	sq.Move(vg.Point{X: 1, Y: 2})
	sq.Line(vg.Point{X: 4, Y: 2})
	sq.Line(vg.Point{X: 4, Y: 6})
	sq.Close()
	s.Fill(sq)
	s.SetLineDash([]vg.Length{2, 2}, 0)
	s.Stroke(sq)

	w, e := f.Width("abc"), f.Extents()
	want := vg.Rectangle{Min: vg.Point{X: 15, Y: 25 - e.Descent}, Max: vg.Point{X: 15 + w, Y: 25 + e.Ascent}}
	if len(s.texts) != 2 || s.texts[0].r != want || s.texts[0].rotated {
		t.Fatalf("texts %+v, want the first at %v", s.texts, want)
	}
	// Rotated a quarter turn about (10, 20): x runs up, y runs left.
	r := s.texts[1].r
	if !s.texts[1].rotated || math.Abs(float64(r.Min.Y-20)) > 1e-9 || math.Abs(float64(r.Max.Y-20-w)) > 1e-9 ||
		math.Abs(float64(r.Max.X-(10+e.Descent))) > 1e-9 || math.Abs(float64(r.Min.X-(10-e.Ascent))) > 1e-9 {
		t.Errorf("rotated text at %v", r)
	}
	sqr := vg.Rectangle{Min: vg.Point{X: 1, Y: 2}, Max: vg.Point{X: 4, Y: 6}}
	if len(s.fills) != 1 || s.fills[0].r != sqr || !sameColor(s.fills[0].col, color.White) {
		t.Errorf("fills %+v", s.fills)
	}
	if len(s.strokes) != 1 || !s.strokes[0].dashed || s.strokes[0].r != sqr {
		t.Errorf("strokes %+v", s.strokes)
	}
	if g := gap(sqr, vg.Rectangle{Min: vg.Point{X: 7, Y: 10}, Max: vg.Point{X: 9, Y: 12}}); math.Abs(float64(g)-5) > 1e-12 {
		t.Errorf("gap %v, want 5", g)
	}
}

// TestTextsApart draws every golden picture, and the pictures of the
// tornado cases, at the default size and checks that no two texts overlap
// (titles, axis and tick labels, legends, notes) and that every text lies
// inside the picture.
func TestTextsApart(t *testing.T) {
	cases := goldenCases(t)
	for name, c := range tornadoCases() {
		cases["tornado "+name] = func() (*plot.Plot, error) { return Tornado("t", c.base, c.bars) }
	}
	page := vg.Rectangle{Max: vg.Point{X: DefaultWidth, Y: DefaultHeight}}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			p, err := f()
			if err != nil {
				t.Fatal(err)
			}
			s := drawScene(t, p, DefaultWidth, DefaultHeight)
			if len(s.texts) < 5 {
				t.Fatalf("only %d texts drawn", len(s.texts))
			}
			for _, pr := range s.overlapping(textSlack) {
				t.Errorf("texts %q at %v and %q at %v overlap", pr[0].s, pr[0].r, pr[1].s, pr[1].r)
			}
			// A font's ascent reaches a little above its capitals: the
			// title's may pass the picture's top by that much.
			for _, tx := range s.texts {
				if !inside(shrink(tx.r, vg.Points(3)), page) {
					t.Errorf("text %q at %v leaves the picture", tx.s, tx.r)
				}
			}
		})
	}
}
