import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RobotNames } from '../auth/robot-names.js';
import type { SecurityContext } from '../auth/security-context.js';
import { Security } from '../auth/security.decorator.js';
import { parsePaging, setPageHeaders } from '../common/paging.js';
import { parseId, validate } from '../common/validation.js';
import { RobotListingService } from './robot-listing.service.js';
import { checkRobotPermissionScope } from './robot-permission-scope.js';
import { RobotPermissionsService } from './robot-permissions.service.js';
import { robotCreateSchema, robotSecretSchema, robotUpdateSchema, toRobotResp } from './robot.dto.js';
import { RobotsService } from './robots.service.js';

type ListQuery = { q?: string; sort?: string; page?: string; page_size?: string };

@Controller('api/v2.0/robots')
export class RobotsController {
  constructor(
    private readonly robots: RobotsService,
    private readonly listing: RobotListingService,
    private readonly permissions: RobotPermissionsService,
    private readonly names: RobotNames,
  ) {}

  @Post()
  async CreateRobot(
    @Security() s: SecurityContext,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const request = validate(robotCreateSchema, body);
    checkRobotPermissionScope(request.permissions);
    const created = await this.robots.create(s, request);
    void reply.status(201).header('location', `/api/v2.0/robots/${created.id}`);
    return created;
  }

  @Get()
  async ListRobot(
    @Security() s: SecurityContext,
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const paging = parsePaging(query);
    const { items, total } = await this.listing.list(s, query, paging);
    setPageHeaders(req, reply, paging, total);
    return items;
  }

  @Get(':robot_id')
  async GetRobotByID(@Security() s: SecurityContext, @Param('robot_id') id: string) {
    const robot = await this.robots.authorized(s, parseId('robot_id', id), 'read');
    return toRobotResp(robot, await this.permissions.load(robot.id), await this.names.prefix());
  }

  /** Harbor's order: 401, 404, then the body (400), then the caller's rights (403). */
  @Put(':robot_id')
  async UpdateRobot(@Security() s: SecurityContext, @Param('robot_id') id: string, @Body() body: unknown) {
    const robotId = parseId('robot_id', id);
    s.requireAuthenticated();
    await this.robots.get(robotId);
    const request = validate(robotUpdateSchema, body);
    checkRobotPermissionScope(request.permissions);
    const robot = await this.robots.authorized(s, robotId, 'update');
    await this.robots.update(s, robot, request);
  }

  /** A robot may refresh its own secret; anyone else needs `robot:update`. */
  @Patch(':robot_id')
  async RefreshSec(@Security() s: SecurityContext, @Param('robot_id') id: string, @Body() body: unknown) {
    const robotId = parseId('robot_id', id);
    const self = s.principal.kind === 'robot' && s.principal.robotId === robotId;
    if (!self) await this.robots.authorized(s, robotId, 'update');
    const secret = await this.robots.refreshSecret(s, robotId, validate(robotSecretSchema, body).secret);
    return { secret };
  }

  @Delete(':robot_id')
  async DeleteRobot(@Security() s: SecurityContext, @Param('robot_id') id: string) {
    const robot = await this.robots.authorized(s, parseId('robot_id', id), 'delete');
    await this.robots.delete(s, robot);
  }
}
