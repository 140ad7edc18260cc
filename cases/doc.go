// Package cases is the case register of Linka: citizen submissions
// ("podněty"), their contacts, activities, attachments and history, the users
// and departments who handle them, and the access rules that decide who may
// see what.
//
// The package holds the domain types, the Store interface that storage
// adapters implement (internal/store) and the Service with the business
// rules. It knows nothing of HTTP or SQL.
package cases
