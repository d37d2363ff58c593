import { DEFAULT_COMPLAINT_ROUTING, DEFAULT_ROUTING, routeReport } from './defaults';
import { Category, ComplaintConcern, Department } from './enums';

describe('routeReport', () => {
  it('complaints route by concern: works quality and timeliness to WORKS, staff conduct to DISCIPLINE (not all to DISCIPLINE)', () => {
    const route = (complaintConcern?: ComplaintConcern) => routeReport({ category: Category.COMPLAINT, complaintConcern }).department;
    expect(route(ComplaintConcern.WORKS_QUALITY)).toBe(Department.WORKS);
    expect(route(ComplaintConcern.TIMELINESS)).toBe(Department.WORKS);
    expect(route(ComplaintConcern.STAFF_CONDUCT)).toBe(Department.DISCIPLINE);
    // No concern given: the routing table's department.
    expect(route()).toBe(DEFAULT_ROUTING.COMPLAINT);
    // The map is the utility's.
    expect(routeReport({ category: Category.COMPLAINT, complaintConcern: ComplaintConcern.TIMELINESS }, DEFAULT_ROUTING, undefined, undefined, { ...DEFAULT_COMPLAINT_ROUTING, TIMELINESS: Department.BUSINESS }).department).toBe(Department.BUSINESS);
  });

  it('a concern on anything but a complaint is refused naming input.complaintConcern', () => {
    let err: any;
    try {
      routeReport({ category: Category.LEAK, complaintConcern: ComplaintConcern.STAFF_CONDUCT });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'INVALID_INPUT', details: { argument: 'input.complaintConcern' } });
  });

  it('new-connection applications go to the business office; pressure reports by side', () => {
    expect(routeReport({ category: Category.NEW_CONNECTION }).department).toBe(Department.BUSINESS);
    expect(routeReport({ category: Category.CUSTOMER_PRESSURE, pressureSide: 'MAINS' })).toMatchObject({ category: Category.MAINS_PRESSURE, department: Department.PRODUCTION });
  });
});
