package render

// ptrTo returns a pointer to v, for the optional fields of a Blueprint built in a test.
func ptrTo[T any](v T) *T { return &v }
