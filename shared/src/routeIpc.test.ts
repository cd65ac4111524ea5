import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CreateGroupBody, GroupView, UserView } from './adminApi';
import { routes } from './api';
import { desktopApiInputs, type DesktopApi } from './ipc';
import { forwardedApiInputs, forwardedRoutes, routeArgument } from './routeIpc';
import { NoBody, NoQuery } from './routeSpec';

describe('forwarded DesktopApi methods', () => {
  it('take exactly the route’s own body or query schema, or nothing', () => {
    for (const [method, name] of Object.entries(forwardedRoutes)) {
      const spec = routes[name];
      const items = forwardedApiInputs[method as keyof typeof forwardedRoutes].def.items;
      if (spec.body !== NoBody) expect(items, method).toEqual([spec.body]);
      else if (spec.query !== NoQuery) expect(items, method).toEqual([spec.query]);
      else expect(items, method).toEqual([]);
      expect(desktopApiInputs[method as keyof typeof desktopApiInputs], method).toBe(
        forwardedApiInputs[method as keyof typeof forwardedRoutes],
      );
    }
  });

  it('send a body to routes that take one, else the query', () => {
    expect(routeArgument(routes.createGroup)).toBe('body');
    expect(routeArgument(routes.groupMembers)).toBe('query');
    expect(routeArgument(routes.listGroups)).toBe('none');
  });

  it('are typed from the route: its input, its answer, no argument where it takes none', () => {
    expectTypeOf<Parameters<DesktopApi['listGroups']>>().toEqualTypeOf<[]>();
    expectTypeOf<Awaited<ReturnType<DesktopApi['listGroups']>>>().toEqualTypeOf<{ groups: GroupView[] }>();
    expectTypeOf<Parameters<DesktopApi['createGroup']>>().toEqualTypeOf<[input: CreateGroupBody]>();
    expectTypeOf<Parameters<DesktopApi['groupMembers']>>().toEqualTypeOf<[input: { name: string }]>();
    expectTypeOf<Awaited<ReturnType<DesktopApi['groupMembers']>>>().toEqualTypeOf<{ users: UserView[] }>();
  });
});
