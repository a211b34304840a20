package kafka

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/geokafka/terraform-provider-geokafka/internal/acl"
)

// ACLs returns every binding of the cluster. The first call of a Terraform
// run reads them all with one DescribeACLs request; writes invalidate it.
func (c *Cluster) ACLs(ctx context.Context) (map[acl.Binding]bool, error) {
	return c.acls.get(ctx)
}

// HasACL reports whether the cluster holds the binding.
func (c *Cluster) HasACL(ctx context.Context, b acl.Binding) (bool, error) {
	all, err := c.ACLs(ctx)
	if err != nil {
		return false, err
	}
	return all[b], nil
}

func (c *Cluster) describeAllACLs(ctx context.Context) (map[acl.Binding]bool, error) {
	req := kmsg.NewPtrDescribeACLsRequest()
	req.ResourceType = kmsg.ACLResourceTypeAny
	req.ResourcePatternType = kmsg.ACLResourcePatternTypeAny
	req.Operation = kmsg.ACLOperationAny
	req.PermissionType = kmsg.ACLPermissionTypeAny
	resp, err := req.RequestWith(ctx, c.cl)
	if err != nil {
		return nil, err
	}
	if err := codeErr(resp.ErrorCode, resp.ErrorMessage); err != nil {
		return nil, err
	}
	out := map[acl.Binding]bool{}
	for _, r := range resp.Resources {
		for _, a := range r.ACLs {
			out[acl.Binding{
				Principal: a.Principal, Host: a.Host, Operation: a.Operation.String(), Permission: a.PermissionType.String(),
				ResourceType: r.ResourceType.String(), ResourceName: r.ResourceName, PatternType: r.ResourcePatternType.String(),
			}] = true
		}
	}
	return out, nil
}

type aclEnums struct {
	rt kmsg.ACLResourceType
	pt kmsg.ACLResourcePatternType
	op kmsg.ACLOperation
	pm kmsg.ACLPermissionType
}

func enums(b acl.Binding) (aclEnums, error) {
	var e aclEnums
	var err error
	if e.rt, err = kmsg.ParseACLResourceType(b.ResourceType); err != nil {
		return e, err
	}
	if e.pt, err = kmsg.ParseACLResourcePatternType(b.PatternType); err != nil {
		return e, err
	}
	if e.op, err = kmsg.ParseACLOperation(b.Operation); err != nil {
		return e, err
	}
	if e.pm, err = kmsg.ParseACLPermissionType(b.Permission); err != nil {
		return e, err
	}
	return e, nil
}

// CreateACL adds a binding; creates that arrive together share one request.
func (c *Cluster) CreateACL(ctx context.Context, b acl.Binding) error {
	defer c.acls.invalidate()
	return send(ctx, c.aclCreates, b, struct{}{})
}

// DeleteACL removes exactly one binding; deletes that arrive together share
// one request. Deleting a binding that is already gone succeeds.
func (c *Cluster) DeleteACL(ctx context.Context, b acl.Binding) error {
	defer c.acls.invalidate()
	return send(ctx, c.aclDeletes, b, struct{}{})
}

func (c *Cluster) createACLs(ctx context.Context, items map[acl.Binding]struct{}) (map[acl.Binding]error, error) {
	req := kmsg.NewPtrCreateACLsRequest()
	add := func(b acl.Binding, e aclEnums) {
		cr := kmsg.NewCreateACLsRequestCreation()
		cr.ResourceType, cr.ResourceName, cr.ResourcePatternType = e.rt, b.ResourceName, e.pt
		cr.Principal, cr.Host, cr.Operation, cr.PermissionType = b.Principal, b.Host, e.op, e.pm
		req.Creations = append(req.Creations, cr)
	}
	send := func() ([]kmsg.CreateACLsResponseResult, error) {
		resp, err := req.RequestWith(ctx, c.cl)
		if err != nil {
			return nil, err
		}
		return resp.Results, nil
	}
	errOf := func(r kmsg.CreateACLsResponseResult) error { return codeErr(r.ErrorCode, r.ErrorMessage) }
	return perBinding(items, add, send, errOf, "CreateACLs answered %d results for %d creations")
}

func (c *Cluster) deleteACLs(ctx context.Context, items map[acl.Binding]struct{}) (map[acl.Binding]error, error) {
	req := kmsg.NewPtrDeleteACLsRequest()
	add := func(b acl.Binding, e aclEnums) {
		f := kmsg.NewDeleteACLsRequestFilter()
		f.ResourceType, f.ResourceName, f.ResourcePatternType = e.rt, kmsg.StringPtr(b.ResourceName), e.pt
		f.Principal, f.Host, f.Operation, f.PermissionType = kmsg.StringPtr(b.Principal), kmsg.StringPtr(b.Host), e.op, e.pm
		req.Filters = append(req.Filters, f)
	}
	send := func() ([]kmsg.DeleteACLsResponseResult, error) {
		resp, err := req.RequestWith(ctx, c.cl)
		if err != nil {
			return nil, err
		}
		return resp.Results, nil
	}
	errOf := func(r kmsg.DeleteACLsResponseResult) error { return codeErr(r.ErrorCode, r.ErrorMessage) }
	return perBinding(items, add, send, errOf, "DeleteACLs answered %d results for %d filters")
}

// perBinding batches bindings into one request: add puts a binding in it,
// send sends it and returns one result per binding, in the order added. A
// binding whose names Kafka does not know fails alone, without a request.
func perBinding[R any](items map[acl.Binding]struct{}, add func(acl.Binding, aclEnums), send func() ([]R, error), errOf func(R) error,
	mismatch string) (map[acl.Binding]error, error) {
	order := make([]acl.Binding, 0, len(items))
	out := make(map[acl.Binding]error, len(items))
	for b := range items {
		e, err := enums(b)
		if err != nil {
			out[b] = err
			continue
		}
		add(b, e)
		order = append(order, b)
	}
	if len(order) == 0 {
		return out, nil
	}
	rs, err := send()
	if err != nil {
		return nil, err
	}
	if len(rs) != len(order) {
		return nil, fmt.Errorf(mismatch, len(rs), len(order))
	}
	for i, r := range rs {
		out[order[i]] = errOf(r)
	}
	return out, nil
}
