/**
 * Internal AOP support shared by Tether's advisors: the pointcut and the lookup of its scope
 * annotations. Not an API for applications.
 */
package dev.tether.aop;
