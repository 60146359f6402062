package blueprint

import "testing"

// TestMessagesPerTask: the backlog per task is the messages one task works
// through in the delay accepted, at the time one takes; neither a time
// shorter than one message nor a text that is no duration gives one.
func TestMessagesPerTask(t *testing.T) {
	for _, c := range []struct {
		acceptable, processing string
		want                   int
		ok                     bool
	}{
		{"10m", "250ms", 2400, true},
		{"1m", "2s", 30, true},
		{"1m", "7s", 8, true},
		{"2s", "2s", 1, true},
		{"1s", "2s", 0, false},
		{"1m", "0s", 0, false},
		{"soon", "2s", 0, false},
		{"", "", 0, false},
	} {
		if got, ok := MessagesPerTask(c.acceptable, c.processing); got != c.want || ok != c.ok {
			t.Errorf("%s at %s: %d, %v; want %d, %v", c.acceptable, c.processing, got, ok, c.want, c.ok)
		}
	}
}

// TestMatchingAttributes: a test message's attributes take each key's first
// text; a key matched only by an operator gives none.
func TestMatchingAttributes(t *testing.T) {
	for _, c := range []struct {
		filter map[string]any
		want   string
		ok     bool
	}{
		{map[string]any{"store": []any{"eu", "uk"}}, `{"store":{"DataType":"String","StringValue":"eu"}}`, true},
		{map[string]any{"store": []any{map[string]any{"prefix": "e"}, "uk"}, "kind": []any{"refund"}}, `{"kind":{"DataType":"String","StringValue":"refund"},"store":{"DataType":"String","StringValue":"uk"}}`, true},
		{map[string]any{"amount": []any{map[string]any{"numeric": []any{">", 100}}}}, "", false},
	} {
		got, ok := Subscription{Topic: "orders", Filter: c.filter}.MatchingAttributes()
		if got != c.want || ok != c.ok {
			t.Errorf("MatchingAttributes(%v) = %s, %v; want %s, %v", c.filter, got, ok, c.want, c.ok)
		}
	}
}
